// The arrow-truth check shared by the webview and e2e tiers: every drawn arrow must start on its producer's card
// and end on its consumer's card. It reads only what is drawn (the node groups' transforms, the cards' sizes and the
// paths' `d`), never the layout, so a path that kept an earlier redraw's shape is caught whatever its data says.
//
//   const drawn = await page.locator('svg.graph').evaluate(extractDrawn);   // the live graph (a page or a webview frame)
//   const drawn = await page.evaluate(extractExportedSource(svgText));       // an exported SVG, parsed inertly
//   assert.deepEqual(arrowProblems(drawn), []);

export interface DrawnNode {
  id: string;
  transform: string;
  width: number;
  height: number;
  hidden: boolean;
}
export interface DrawnEdge {
  id: string;
  from: string;
  to: string;
  line: string;
  hit: string | null;
  hidden: boolean;
}
export interface Drawn {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

/**
 * Page-side: what an `<svg>` shows. Self-contained (it is serialised into the page), typed by hand because the tests
 * compile without the DOM lib. `hidden` marks elements under a `display: none` ancestor class used by focus mode.
 */
export function extractDrawn(svg: unknown): Drawn {
  interface E {
    getAttribute(n: string): string | null;
    querySelector(s: string): E | null;
    querySelectorAll(s: string): Iterable<E>;
    closest(s: string): E | null;
  }
  const root = svg as E;
  const nodes: DrawnNode[] = [];
  // The whole pipeline's elements kept under focus mode's cover (`.covered`) are not drawn for the user.
  for (const g of root.querySelectorAll('g.viewport g.nodes:not(.covered) > g.node')) {
    const rect = g.querySelector('rect.card');
    nodes.push({
      id: g.getAttribute('data-node') ?? '',
      transform: g.getAttribute('transform') ?? '',
      width: Number(rect?.getAttribute('width') ?? NaN),
      height: Number(rect?.getAttribute('height') ?? NaN),
      hidden: g.closest('.hidden-by-focus, .hidden-by-collapse') !== null,
    });
  }
  const edges: DrawnEdge[] = [];
  for (const g of root.querySelectorAll('g.viewport g.edges:not(.covered) > g.edge')) {
    edges.push({
      id: g.getAttribute('data-edge') ?? '',
      from: g.getAttribute('data-from') ?? '',
      to: g.getAttribute('data-to') ?? '',
      line: g.querySelector('path.edge-line')?.getAttribute('d') ?? '',
      hit: g.querySelector('path.edge-hit')?.getAttribute('d') ?? null,
      hidden: g.closest('.hidden-by-focus, .hidden-by-collapse') !== null,
    });
  }
  return { nodes, edges };
}

/** A page-side expression that parses `svgText` as an inert SVG document (no CSP, no rendering) and extracts it. */
export function extractExportedSource(svgText: string): string {
  // The file's own <style> is left out: a page under a strict CSP reports even an inert document's inline style.
  const geometryOnly = svgText.replace(/<style[\s\S]*?<\/style>/g, '');
  return `(${extractDrawn.toString()})(new DOMParser().parseFromString(${JSON.stringify(geometryOnly)}, 'image/svg+xml').documentElement)`;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function translate(transform: string): { x: number; y: number } | undefined {
  const m = /translate\(\s*(-?[\d.e+-]+)[ ,]+(-?[\d.e+-]+)\s*\)/.exec(transform);
  return m ? { x: Number(m[1]), y: Number(m[2]) } : undefined;
}

/** The first and last point of an absolute path (M … C/L …), which is what d3-shape and the renderer write. */
export function pathEnds(d: string): { start: { x: number; y: number }; end: { x: number; y: number } } | undefined {
  if (!/^\s*M/.test(d) || /[a-z]/.test(d.replace(/e[+-]?\d/g, ''))) return undefined; // relative commands are not expected
  const nums = (d.match(/-?\d*\.?\d+(?:e[+-]?\d+)?/g) ?? []).map(Number);
  if (nums.length < 4 || nums.some((n) => !Number.isFinite(n))) return undefined;
  return { start: { x: nums[0]!, y: nums[1]! }, end: { x: nums[nums.length - 2]!, y: nums[nums.length - 1]! } };
}

/**
 * How far a point may lie outside its card: 1 unit for rounding, and on the right 7 units, where an arrow between two
 * jobs of the same column ends beside the card (the arrowhead then points at its edge). Cards are ≥ 14 units apart
 * vertically, so a point this close to one card is never on another.
 */
const slack = { left: 1, right: 7, top: 1, bottom: 1 };

function onCard(p: { x: number; y: number }, b: Box): boolean {
  return (
    p.x >= b.x - slack.left &&
    p.x <= b.x + b.width + slack.right &&
    p.y >= b.y - slack.top &&
    p.y <= b.y + b.height + slack.bottom
  );
}

/**
 * Every way the drawn arrows disagree with the drawn cards, as readable lines; empty when all arrows are attached.
 * `view` (a big pipeline, drawn near the view only): an arrow may leave for a card that is not drawn, but only
 * outside the view — what the view shows of it must still end on cards.
 */
export function arrowProblems(drawn: Drawn, options: { includeHidden?: boolean; view?: Box } = {}): string[] {
  const problems: string[] = [];
  const boxes = new Map<string, Box>();
  for (const n of drawn.nodes) {
    const t = translate(n.transform);
    if (!t || !Number.isFinite(n.width) || !Number.isFinite(n.height)) {
      problems.push(`node ${n.id}: no position (${n.transform}, ${n.width}×${n.height})`);
    } else boxes.set(n.id, { x: t.x, y: t.y, width: n.width, height: n.height });
  }
  const view = options.view;
  for (const e of drawn.edges) {
    if (e.hidden && !options.includeHidden) continue;
    if (e.id !== `${e.from}->${e.to}`) problems.push(`edge ${e.id}: data-from/data-to say ${e.from} -> ${e.to}`);
    if (e.hit !== null && e.hit !== e.line) problems.push(`edge ${e.id}: its hover path differs from its drawn path`);
    const from = boxes.get(e.from);
    const to = boxes.get(e.to);
    if ((!from || !to) && !view) {
      problems.push(`edge ${e.id}: ${!from ? `producer ${e.from}` : `consumer ${e.to}`} is not drawn`);
      continue;
    }
    const ends = pathEnds(e.line);
    if (!ends) {
      problems.push(`edge ${e.id}: unreadable path "${e.line.slice(0, 80)}"`);
      continue;
    }
    const check = (p: { x: number; y: number }, box: Box | undefined, what: string, id: string): void => {
      if (box) {
        if (!onCard(p, box)) {
          problems.push(`edge ${e.id}: ${what} at (${p.x}, ${p.y}), off ${id}'s card ${JSON.stringify(box)}`);
        }
      } else if (view && onCard(p, view)) {
        problems.push(`edge ${e.id}: ${what} at (${p.x}, ${p.y}) in view, but ${id} is not drawn`);
      }
    };
    check(ends.start, from, 'starts', e.from);
    check(ends.end, to, 'ends', e.to);
  }
  return problems;
}
