export { type Recipe, type RecipeSource, commandText, recipeFromCommandLine, recipeFromSettings, recipeToJson } from './recipe';
export { findLaunchRoot, isLauncher, observeLaunch, type ObservedLaunch } from './launch-root';
export { filterEnv, parseEnviron } from './environ';
export { recallRecipe, recipesFile, rememberRecipe, tryRememberRecipe } from './remembered';
export { suggestFromPackageJson } from './package-json';
export { gatherRecipeFacts, recipeCandidates, resolveRecipe, type RecipeFacts } from './resolve';
