/** The breadcrumb of a drill-down (county → committee → branch): going to an org already on it cuts it back there. */
export type Crumb = { id: number; name: string };

export function stepTrail(trail: Crumb[], o: Crumb | null): Crumb[] {
  if (!o) return [];
  const i = trail.findIndex((t) => t.id === o.id);
  return i >= 0 ? trail.slice(0, i + 1) : [...trail, { id: o.id, name: o.name }];
}

/** An org's name as a chart label or crumb: without the 中共 prefix and the (working) committee suffix. */
export const short = (n: string) => n.replace(/^中共/, '').replace(/(委员会|工作委员会)$/, '');

/** After a load: an org chosen elsewhere (a picker, the address) starts a new trail at that org. */
export function syncTrail(trail: Crumb[], under: Crumb | null): Crumb[] {
  if (!under) return [];
  return trail.at(-1)?.id === under.id ? trail : [{ id: under.id, name: under.name }];
}
