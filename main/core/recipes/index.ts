export { type Recipe, type RecipeSource, commandText, recipeFromCommandLine, recipeFromSettings, recipeToJson } from './recipe';
export { observeLaunch, type ObservedLaunch, recipeOfSite } from './launch-root';
export { isRunnable, type LaunchSite, launchSite, sameProjectBy, type SiteOptions, stopCommand } from './launch-site';
export { filterEnv, parseEnviron, readEnviron } from './environ';
export { forgetRecipe, recallRecipe, recipesFile, rememberRecipe, tryRememberRecipe } from './remembered';
export { suggestFromPackageJson } from './package-json';
export { gatherRecipeFacts, nextCandidate, recipeCandidates, resolveRecipe, type RecipeFacts, sameRecipe } from './resolve';
