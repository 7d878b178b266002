// The grip a row is moved by: pointer drag (mouse, touch) and keyboard, wired to one createReorder().
import { Icon } from './icons.tsx';
import type { createReorder } from './reorder.ts';

export function ReorderHandle(props: {
  id: string;
  label: string;
  reorder: ReturnType<typeof createReorder>;
  handles: Map<string, HTMLButtonElement>;
}) {
  const r = () => props.reorder;
  return (
    <button
      ref={(el) => props.handles.set(props.id, el)}
      class="icon-btn handle"
      type="button"
      aria-label={props.label}
      aria-pressed={r().grabbed() === props.id}
      onKeyDown={(e) => r().onKeyDown(props.id, e)}
      onPointerDown={(e) => r().onPointerDown(props.id, e)}
      onPointerMove={(e) => r().onPointerMove(e)}
      onPointerUp={(e) => r().onPointerUp(e)}
      onPointerCancel={() => r().onPointerCancel()}
      onBlur={(e) => {
        // Moving a row re-inserts it and blurs it for a moment; only a real focus change cancels.
        const handle = e.currentTarget;
        setTimeout(() => r().grabbed() === props.id && document.activeElement !== handle && r().cancel(), 0);
      }}
    >
      <Icon name="grip" />
    </button>
  );
}
