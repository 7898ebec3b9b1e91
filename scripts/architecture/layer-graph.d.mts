// Types of layer-graph.mjs, which stays plain JavaScript so that the check runs with node alone.
export type TLayers = { infrastructure: Record<string, string[]>; domains: Record<string, string[]> };
export type TCruisedModule = { source: string; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean }[] };
export function areaOf(path: string): string;
export function folderArrows(modules: TCruisedModule[]): Map<string, number>;
export function layerProblems(layers: TLayers, arrows: Map<string, number>): string[];
export function architectureMarkdown(layers: TLayers): string;
