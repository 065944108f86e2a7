// A small stroke icon set (24px grid, drawn at 16px) so the app needs no icon font or package.
import type { SVGProps } from 'react';

const paths = {
  flask: 'M9 3h6 M10 3v6.5L4.6 18.2A1.8 1.8 0 0 0 6.1 21h11.8a1.8 1.8 0 0 0 1.5-2.8L14 9.5V3 M7.5 15h9',
  sun: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z M12 2v2 M12 20v2 M4.9 4.9l1.4 1.4 M17.7 17.7l1.4 1.4 M2 12h2 M20 12h2 M4.9 19.1l1.4-1.4 M17.7 6.3l1.4-1.4',
  moon: 'M20.5 14.5A8.5 8.5 0 1 1 9.5 3.5a6.6 6.6 0 0 0 11 11z',
  plus: 'M12 5v14 M5 12h14',
  columns: 'M4 4h16v16H4z M9.5 4v16 M14.5 4v16',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14z M20 20l-4-4',
  chevronRight: 'M9 6l6 6-6 6',
  chevronDown: 'M6 9l6 6 6-6',
  chevronLeft: 'M15 6l-6 6 6 6',
  folder: 'M3 6.5A1.5 1.5 0 0 1 4.5 5h4.2l2 2.2h8.8A1.5 1.5 0 0 1 21 8.7v9.8a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 18.5z',
  file: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z M14 3v5h5',
  image: 'M4 5h16v14H4z M4 16l4.5-4.5 3.5 3.5 2.5-2.5L20 18 M15.5 9.5a1 1 0 1 0 0-.01',
  download: 'M12 4v11 M7 10.5l5 5 5-5 M5 20h14',
  copy: 'M9 9h10v11H9z M5 15V4h10',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  close: 'M6 6l12 12 M18 6L6 18',
  arrowUp: 'M12 19V5 M6 11l6-6 6 6',
  arrowDown: 'M12 5v14 M6 13l6 6 6-6',
  keyboard: 'M3 6h18v12H3z M7 10h.01 M11 10h.01 M15 10h.01 M7 14h10',
  compare: 'M6 3v12 M18 9v12 M6 15a3 3 0 1 0 0 6 3 3 0 0 0 0-6z M18 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6z M11 6h4a3 3 0 0 1 3 3 M13 18H9a3 3 0 0 1-3-3',
  terminal: 'M4 5h16v14H4z M8 10l2.5 2L8 14 M12.5 15H16',
  alert: 'M12 3.5L2.5 20h19z M12 10v4 M12 17h.01',
  info: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M12 11v5 M12 8h.01',
  checkSquare: 'M4 4h16v16H4z M8 12.2l2.8 2.8L16.5 9',
  checkCircle: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M8.5 12.2l2.3 2.3 4.7-4.9',
  nested: 'M6 4v9a3 3 0 0 0 3 3h9 M15 13l3 3-3 3',
  chart: 'M4 4v16h16 M8 15l3.5-4 3 2.5L19 8',
  user: 'M12 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8z M4.5 20a7.5 7.5 0 0 1 15 0',
  external: 'M14 4h6v6 M20 4l-9 9 M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5',
  refresh: 'M20 12a8 8 0 1 1-2.3-5.7 M20 4v5h-5',
  database: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6 M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  upload: 'M12 16V5 M7 9.5l5-5 5 5 M5 20h14',
  play: 'M7 4.5v15l12-7.5z',
  stop: 'M6 6h12v12H6z',
  table: 'M4 5h16v14H4z M4 10h16 M4 14.5h16 M10 10v9',
  layers: 'M12 4 3 9l9 5 9-5z M3 14l9 5 9-5',
  rocket: 'M12 15l-3-3 M9 12c1.5-4.5 5-8 11-8 0 6-3.5 9.5-8 11z M9 12H5l2.5-3.5H12 M12 15v4l3.5-2.5V12 M6.5 17.5c-1 .5-1.5 2-1.5 2s1.5-.5 2-1.5',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16, ...rest }: { name: IconName; size?: number } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      <path d={paths[name]} />
    </svg>
  );
}
