// Use case "try Backbeat on a demo library": the generated library and its audio.
export { writeDemoAudio } from '../../audio/demo-audio';
export { createDemoLibrary } from '../../demo/demo';
export { getLibraryStats } from '../../library/library';
