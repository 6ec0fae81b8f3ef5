import {
  EllipticalROITool, LabelTool, PanTool, PlanarFreehandROITool, RectangleROITool, StackScrollTool, WindowLevelTool, ZoomTool,
  addTool, init as toolsInit,
} from '@cornerstonejs/tools';

/** Cornerstone3D's tools as the viewer uses them: loaded after cornerstone-core.ts (see there). */
export {
  EllipticalROITool, Enums as ToolEnums, LabelTool, PanTool, PlanarFreehandROITool, RectangleROITool, StackScrollTool, ToolGroupManager,
  WindowLevelTool, ZoomTool, annotation as csAnnotation, utilities as toolUtilities,
} from '@cornerstonejs/tools';

let initialised = false;

/** Initialises the tools library and registers the tools of the viewer (after initCore). */
export function initTools(): void {
  if (initialised) return;
  toolsInit();
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, RectangleROITool, EllipticalROITool, PlanarFreehandROITool, LabelTool]) {
    addTool(tool);
  }
  initialised = true;
}
