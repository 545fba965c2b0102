// What every page of the docs site shares: HTML escaping and the site's styles.

export const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]);

export const siteStyle = {
  /** The bar above an API page that leads back to the index. */
  banner: `body { margin: 0; }
  .docs-banner { display: flex; gap: 1rem; align-items: baseline; padding: 6px 16px; font: 14px/1.5 system-ui, sans-serif; background: #0b3d5c; color: #fff; }
  .docs-banner a { color: #fff; white-space: nowrap; }
  .docs-banner code { background: rgba(255,255,255,0.15); padding: 0 0.2em; border-radius: 3px; }`,
  /** The index and the guide pages. */
  article: `body { font: 16px/1.55 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
  code { font-size: 0.92em; background: #f1f3f6; padding: 0 0.2em; border-radius: 3px; }
  pre { background: #f1f3f6; padding: 0.75rem; overflow-x: auto; border-radius: 4px; }
  pre code { padding: 0; }
  table { border-collapse: collapse; } th, td { border: 1px solid #dde1e8; padding: 0.25rem 0.5rem; vertical-align: top; }
  .muted { color: #5b6475; font-size: 0.9em; }
  section { border-top: 1px solid #dde1e8; padding-top: 0.5rem; }
  li { margin: 0.15rem 0; }`,
};
