export { conditionHolds, type SceneCondition } from "./scene-condition.js";
export { SceneEngine, type SceneRun, type StoredTrigger } from "./scene-engine.js";
export { SceneStore, type StoredScene } from "./scene-store.js";
export { sceneService } from "./scene-service.js";
