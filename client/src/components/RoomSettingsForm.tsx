// Host-only settings: who can edit and control, autoplay, skip votes, fair share.
import type { Permission, RoomSettings } from '../room/types.ts';

const whoOptions: [Permission, string][] = [
  ['everyone', 'Everyone in the room'],
  ['members', 'Signed-in members'],
  ['host', 'Only me'],
];

export function RoomSettingsForm(props: { settings: RoomSettings; onChange: (changes: Partial<RoomSettings>) => void }) {
  return (
    <section class="panel" aria-labelledby="settings-title">
      <h2 id="settings-title" class="panel-title">Room settings</h2>
      <div class="form-grid">
        <label for="who-edit">Who can change the queue</label>
        <select id="who-edit" value={props.settings.whoCanEdit} onChange={(e) => props.onChange({ whoCanEdit: e.currentTarget.value as Permission })}>
          {whoOptions.map(([v, label]) => <option value={v}>{label}</option>)}
        </select>
        <label for="who-control">Who can play, pause and skip</label>
        <select id="who-control" value={props.settings.whoCanControl} onChange={(e) => props.onChange({ whoCanControl: e.currentTarget.value as Permission })}>
          {whoOptions.map(([v, label]) => <option value={v}>{label}</option>)}
        </select>
        <label for="skip-votes">Votes needed to skip</label>
        <input id="skip-votes" type="number" min="1" max="50" value={props.settings.skipVotes} onChange={(e) => props.onChange({ skipVotes: Math.max(1, Number(e.currentTarget.value) || 1) })} />
      </div>
      <label class="check">
        <input type="checkbox" checked={props.settings.autoplay} onChange={(e) => props.onChange({ autoplay: e.currentTarget.checked })} />
        Keep playing similar songs when the queue runs out
      </label>
      <label class="check">
        <input type="checkbox" checked={props.settings.fairShare} onChange={(e) => props.onChange({ fairShare: e.currentTarget.checked })} />
        Take turns: new songs are spread so everyone gets a turn
      </label>
    </section>
  );
}
