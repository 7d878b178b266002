// A few stroke icons, sized by CSS (1.25em). Decorative: buttons carry the label.
import type { JSX } from 'solid-js';

const paths = {
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
  next: 'M5 4v16l10-8zM17 4h2v16h-2z',
  previous: 'M19 4v16L9 12zM5 4h2v16H5z',
  grip: 'M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01',
  remove: 'M6 6l12 12M18 6L6 18',
  playNext: 'M4 6h10M4 12h10M4 18h6M17 14l4 4-4 4M21 18h-7',
  add: 'M12 5v14M5 12h14',
  heart: 'M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z',
  list: 'M4 6h16M4 12h16M4 18h10M18 15v6M15 18h6',
  search: 'M11 4a7 7 0 1 1 0 14 7 7 0 0 1 0-14zM21 21l-5-5',
  link: 'M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1',
  skip: 'M4 5l8 7-8 7zM12 5l8 7-8 7z',
  again: 'M4 12a8 8 0 1 0 3-6.2M4 4v5h5',
  together: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20a6 6 0 0 1 12 0M16 5a3 3 0 0 1 0 6M18 14.5a6 6 0 0 1 3 5.5',
} as const;

export type IconName = keyof typeof paths;

export function Icon(props: { name: IconName; filled?: boolean } & JSX.SvgSVGAttributes<SVGSVGElement>) {
  return (
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill={props.filled ? 'currentColor' : 'none'} stroke={props.filled ? 'none' : 'currentColor'} stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d={paths[props.name]} />
    </svg>
  );
}

export function Thumb(props: { src?: string | null; size?: number }) {
  const size = () => props.size ?? 40;
  return (
    <span class="thumb" style={{ width: `${size()}px`, height: `${size()}px` }}>
      {props.src ? <img src={props.src} alt="" width={size()} height={size()} loading="lazy" decoding="async" /> : null}
    </span>
  );
}

export function formatDuration(totalS: number): string {
  const s = Math.max(0, Math.floor(totalS));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
