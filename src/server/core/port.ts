/**
 * A function that a module needs from a module above it in the graph, which provides it when it loads. The lower
 * module names what it needs without importing its provider, so imports stay one-way (docs/decisions/0013).
 * Using a port nobody provided is a programming error, never a silent no-op.
 */
export function port<F>(what: string) {
  let impl: F | null = null;
  return {
    provide(f: F): void { impl = f; },
    get use(): F {
      if (!impl) throw new Error(`${what}: not provided (the providing module was not loaded)`);
      return impl;
    },
  };
}
