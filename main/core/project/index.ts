export { type Project, type ProjectFs, projectOf } from './find-project';
export { createProjectFs, type FsCalls } from './node-project-fs';
