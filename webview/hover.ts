// The hover card and the lit neighbourhood: what a card or an arrow shows under the pointer or the keyboard focus.
import { edgeCard, jobCard } from './graph/card';
import { childOfLine, downstreamCard, triggerEdgeCard } from './graph/downstreamCard';
import type { LayoutNode } from './graph/layoutTypes';
import { brokenEdges } from './graph/findings';
import type { Highlighter } from './graph/interaction';
import { highlightSet } from './graph/layoutQuery';
import { brokenEdgeElement } from './graph/render';
import type { Scene } from './scene';

export class Hover {
  /** The node id, or `edge:<id>`, the card shows; null when hidden. */
  private hovered: string | null = null;

  constructor(
    private readonly card: HTMLDivElement,
    private readonly highlighter: Highlighter,
    private readonly scene: Scene,
  ) {}

  get current(): string | null {
    return this.hovered;
  }

  get cardOpen(): boolean {
    return !this.card.hidden;
  }

  /** A card: it and its direct sources and consumers lit, broken dependencies drawn, its hover card shown. */
  showNode(nodeId: string, anchor: { x: number; y: number }): void {
    const { layout, adj, model } = this.scene;
    const node = this.scene.nodeById(nodeId);
    if (!node || !adj || !model || !layout) return;
    const h = highlightSet(adj, nodeId);
    // Missing sources name jobs of the node's own pipeline: drawn for the parent's cards only.
    const broken = node.pipeline === undefined ? brokenEdges(layout, this.scene.jobs, nodeId, adj.node) : [];
    const missing = new Set(broken.map((b) => b.from));
    this.highlighter.show(
      [...h.nodes, ...missing],
      h.edges,
      { sources: h.sources, consumers: h.consumers, focus: nodeId, missing },
      broken.map(brokenEdgeElement),
    );
    this.fill(node);
    this.place(anchor);
    this.hovered = nodeId;
  }

  /** An arrow: its two cards lit and what it carries. */
  showEdge(edgeId: string | undefined, anchor: { x: number; y: number }): void {
    const { layout, adj } = this.scene;
    const edge = layout?.edges.find((x) => x.id === edgeId);
    if (!edge || !adj) return;
    this.highlighter.show([edge.from, edge.to], [edge.id], {
      sources: new Set([edge.from]),
      consumers: new Set([edge.to]),
      focus: null,
    });
    if (edge.triggers) triggerEdgeCard(this.card, edge, adj.node.get(edge.from), adj.node.get(edge.to));
    else edgeCard(this.card, edge, adj.node.get(edge.from), adj.node.get(edge.to), this.scene.jobs);
    this.place(anchor);
    this.hovered = `edge:${edge.id}`;
  }

  /** New statuses: an open job card shows them too. */
  refresh(): void {
    const open =
      this.hovered !== null && !this.hovered.startsWith('edge:') ? this.scene.nodeById(this.hovered) : undefined;
    if (open && this.scene.model && !this.card.hidden) this.fill(open);
  }

  /** A job's card (a child job's from its own pipeline, without the parent's statuses), or a downstream pipeline's. */
  private fill(node: LayoutNode): void {
    const model = this.scene.model;
    if (!model) return;
    if (node.kind === 'downstream') {
      downstreamCard(this.card, node);
      return;
    }
    const child = node.pipeline === undefined ? undefined : this.scene.children.get(node.pipeline);
    if (!child) {
      jobCard(this.card, node, model, this.scene.jobs, this.scene.statuses);
      return;
    }
    jobCard(this.card, node, child.model, child.jobs, null);
    childOfLine(this.card, node);
  }

  hide(): void {
    this.card.hidden = true;
    this.hovered = null;
  }

  clear(): void {
    this.highlighter.clear();
    this.hide();
  }

  private place(anchor: { x: number; y: number }): void {
    // Measuring the card is cheap: hover never restyles the graph (see Highlighter) and the card is contained.
    const s = this.card.style;
    s.maxHeight = `${Math.max(120, window.innerHeight - 8)}px`;
    this.card.hidden = false;
    const w = this.card.offsetWidth;
    const h = this.card.offsetHeight;
    const left = anchor.x + 16 + w > window.innerWidth ? Math.max(4, anchor.x - 16 - w) : anchor.x + 16;
    const top = Math.max(4, Math.min(anchor.y + 12, window.innerHeight - h - 4));
    s.left = `${left}px`;
    s.top = `${top}px`;
  }
}
