// Tells the host when the user did what a walkthrough step asks for in the graph, so VS Code's Get Started ticks it
// on the real action: the first time a job's hover card is shown (pointer or keyboard focus). Watching the card
// keeps the hover code unaware of the walkthrough; one message per webview, then the observer is gone.
import type { FromWebview } from '../src/protocol';

export function signalFirstJobHover(
  card: HTMLElement,
  hover: { readonly current: string | null },
  host: { post(m: FromWebview): void },
): void {
  const observer = new MutationObserver(() => {
    const id = hover.current;
    // An arrow's card (`edge:<id>`) is not a job's.
    if (card.hidden || id === null || id.startsWith('edge:')) return;
    observer.disconnect();
    host.post({ type: 'jobHovered' });
  });
  observer.observe(card, { attributes: true, attributeFilter: ['hidden'], childList: true, subtree: true });
}
