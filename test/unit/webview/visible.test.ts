// Drawing a big layout near the view only (webview/graph/visible.ts): which cards and arrows a view needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutModel } from '../../../webview/graph/layout';
import { covers, DRAW_ALL_UP_TO, indexLayout, viewRect, visibleParts } from '../../../webview/graph/visible';
import { generatedModel, sampleModel } from '../../fixtures/models/builders';

void test('the view rectangle in layout units, padded by view sizes', () => {
  assert.deepEqual(viewRect({ x: -100, y: -50, k: 2 }, { width: 400, height: 300 }, 0), {
    x0: 50,
    y0: 25,
    x1: 250,
    y1: 175,
  });
  assert.deepEqual(viewRect({ x: 0, y: 0, k: 1 }, { width: 100, height: 100 }, 0.5), {
    x0: -50,
    y0: -50,
    x1: 150,
    y1: 150,
  });
  assert.ok(covers({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 1, y0: 1, x1: 9, y1: 10 }));
  assert.ok(!covers({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 1, y0: 1, x1: 11, y1: 9 }));
});

void test('a view gets every card and arrow it meets, the pinned cards, and nothing far away', () => {
  const l = layoutModel(generatedModel(5000), { mode: 'stages' });
  assert.ok(l.nodes.length + l.edges.length > DRAW_ALL_UP_TO, 'this layout is drawn near the view only');
  const index = indexLayout(l);
  const rect = viewRect({ x: 0, y: -3000, k: 0.5 }, { width: 1000, height: 700 }, 0);
  const far = l.nodes[l.nodes.length - 1]!;
  const parts = visibleParts(index, rect, new Set([far.id]));
  const drawn = new Set(parts.nodes.map((n) => n.id));
  const meets = (x0: number, y0: number, x1: number, y1: number): boolean =>
    x0 <= rect.x1 && x1 >= rect.x0 && y0 <= rect.y1 && y1 >= rect.y0;
  for (const n of l.nodes) {
    if (meets(n.x, n.y, n.x + n.width, n.y + n.height)) assert.ok(drawn.has(n.id), `${n.id} is in view`);
    else if (n.id !== far.id) assert.ok(!drawn.has(n.id), `${n.id} is not in view`);
  }
  assert.ok(drawn.has(far.id), 'a pinned card is drawn wherever it is');
  // An arrow is drawn when some stretch of it (between two route points) meets the view.
  const edges = new Set(parts.edges.map((e) => e.id));
  for (const e of l.edges) {
    const inView = e.points.some((p, i) => {
      const q = e.points[i + 1];
      return q !== undefined && meets(Math.min(p.x, q.x), Math.min(p.y, q.y), Math.max(p.x, q.x), Math.max(p.y, q.y));
    });
    if (!e.sameColumn) assert.equal(edges.has(e.id), inView, e.id);
  }
  assert.ok(parts.nodes.length > 20 && parts.nodes.length < l.nodes.length / 10, `${parts.nodes.length} cards`);
  assert.deepEqual(
    parts.nodes,
    l.nodes.filter((n) => drawn.has(n.id)),
    'in layout order',
  );
});

void test('an arc between two cards of one column is drawn while its bulge is in view', () => {
  const l = layoutModel(sampleModel(), { mode: 'stages' });
  const arc = {
    ...l.edges[0]!,
    sameColumn: true,
    points: [
      { x: 100, y: 100 },
      { x: 100, y: 300 },
    ],
  };
  const index = indexLayout({ ...l, edges: [arc] });
  assert.equal(
    visibleParts(index, { x0: 150, y0: 150, x1: 200, y1: 200 }, new Set()).edges.length,
    1,
    'the bulge reaches right of the cards',
  );
  assert.equal(visibleParts(index, { x0: 300, y0: 150, x1: 400, y1: 200 }, new Set()).edges.length, 0);
});
