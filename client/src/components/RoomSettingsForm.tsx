// Host-only settings: who can edit and control, autoplay, skip votes, fair share. Each says what it does.
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
        <select id="who-edit" aria-describedby="who-edit-hint" value={props.settings.whoCanEdit} onChange={(e) => props.onChange({ whoCanEdit: e.currentTarget.value as Permission })}>
          {whoOptions.map(([v, label]) => <option value={v}>{label}</option>)}
        </select>
        <p id="who-edit-hint" class="setting-hint">They can add songs, and move or remove anyone's.</p>
        <label for="who-control">Who can play, pause and skip</label>
        <select id="who-control" aria-describedby="who-control-hint" value={props.settings.whoCanControl} onChange={(e) => props.onChange({ whoCanControl: e.currentTarget.value as Permission })}>
          {whoOptions.map(([v, label]) => <option value={v}>{label}</option>)}
        </select>
        <p id="who-control-hint" class="setting-hint">Guests count as everyone, not as members. You can change this per person under Listening now.</p>
        <label for="skip-votes">Votes needed to skip (0 = off)</label>
        <input id="skip-votes" type="number" min="0" max="50" aria-describedby="skip-votes-hint" value={props.settings.skipVotes} onChange={(e) => props.onChange({ skipVotes: Math.min(50, Math.max(0, Math.floor(Number(e.currentTarget.value) || 0))) })} />
        <p id="skip-votes-hint" class="setting-hint">Those who cannot skip can vote to; the song is skipped once enough have voted.</p>
      </div>
      <label class="check">
        <input type="checkbox" checked={props.settings.autoplay} onChange={(e) => props.onChange({ autoplay: e.currentTarget.checked })} />
        Keep playing similar songs when the queue runs out
      </label>
      <label class="check">
        <input type="checkbox" aria-describedby="fair-share-hint" checked={props.settings.fairShare} onChange={(e) => props.onChange({ fairShare: e.currentTarget.checked })} />
        Take turns: new songs are spread so everyone gets a turn
      </label>
      <p id="fair-share-hint" class="setting-hint">Each person's songs take turns with everyone else's instead of waiting at the end of the queue.</p>
    </section>
  );
}
