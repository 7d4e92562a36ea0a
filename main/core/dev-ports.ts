/** An inclusive range of ports; a single port is `{ from: p, to: p }`. */
export interface PortRange {
  from: number;
  to: number;
}

// The ports dev servers pick by default: Next/Express/Rails (3000), Phoenix (4000), Angular (4200),
// Astro (4321), Flask (5000), Vite (5173), Storybook (6006), Django/http.server (8000),
// webpack/Tomcat (8080), Jupyter (8888), PHP/Gatsby (9000).
export const DEFAULT_DEV_PORTS: PortRange[] = [
  { from: 3000, to: 3010 },
  { from: 4000, to: 4010 },
  { from: 4200, to: 4200 },
  { from: 4321, to: 4321 },
  { from: 5000, to: 5010 },
  { from: 5173, to: 5180 },
  { from: 6006, to: 6006 },
  { from: 8000, to: 8010 },
  { from: 8080, to: 8090 },
  { from: 8888, to: 8888 },
  { from: 9000, to: 9010 },
];

export function inRanges(port: number, ranges: readonly PortRange[]): boolean {
  return ranges.some((r) => port >= r.from && port <= r.to);
}

export class PortError extends Error {}

/** Parses a user-supplied port; the message says what was wrong so the CLI and UI can show it as is. */
export function parsePort(input: string | number): number {
  const text = String(input).trim();
  if (!/^\d+$/.test(text)) throw new PortError(`"${text}" is not a port: give a whole number from 1 to 65535`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new PortError(`${port} is out of range: a port is a whole number from 1 to 65535`);
  return port;
}
