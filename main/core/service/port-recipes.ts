import type { AppPaths } from '../paths';
import { gatherRecipeFacts, recallRecipe, recipeFromSettings, resolveRecipe } from '../recipes';
import type { Settings } from '../settings/schema';
import type { PortStatus, ProcessSource } from '../types';
import { identityKey } from '../identity-key';
import { recipeView } from './outcomes';
import type { RecipeView } from './types';

export interface PortRecipesOptions {
  source: ProcessSource;
  paths: Pick<AppPaths, 'data'>;
  settings: () => Settings;
  /** The ports as the watcher sees them now. */
  ports: () => readonly PortStatus[];
  log: (message: string) => void;
  /** The known recipes changed: the tray's labels must follow. */
  onDidChange: () => void;
}

/**
 * What the tray can start or restart on each watched port, and where that recipe comes from.
 * An owner's recipe is worked out once per identity: how it was launched does not change while
 * it lives, and the launch root must be read while it is still there.
 */
export class PortRecipes {
  private known = new Map<number, RecipeView>();
  private readonly byOwner = new Map<string, RecipeView | null>();
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;

  constructor(private readonly options: PortRecipesOptions) {}

  get current(): ReadonlyMap<number, RecipeView> {
    return this.known;
  }

  /** Settings changed: recipes from settings may now win over observed ones. */
  forgetOwners(): void {
    this.byOwner.clear();
  }

  /** Resolves when a refresh in progress (if any) is done. */
  settled(): Promise<void> {
    return this.refreshing ?? Promise.resolve();
  }

  async recipeFor(status: PortStatus): Promise<RecipeView | null> {
    const { source, paths } = this.options;
    const settings = this.options.settings();
    const owner = status.listener?.owner ?? null;
    if (owner) {
      const key = `${status.port}/${identityKey(owner)}`;
      if (!this.byOwner.has(key)) {
        const facts = await gatherRecipeFacts({ port: status.port, settings, source, owner, dataDir: paths.data });
        const recipe = resolveRecipe(facts);
        this.byOwner.set(key, recipe ? recipeView(recipe) : null);
      }
      return this.byOwner.get(key) ?? null;
    }
    if (status.listener) return null;
    const configured = settings.recipes[String(status.port)];
    if (configured) return recipeView(recipeFromSettings(status.port, configured));
    const remembered = recallRecipe(paths.data, status.port);
    return remembered ? recipeView(remembered) : null;
  }

  /** Recipes for the watched ports, for the tray's Kill & Restart and Start labels. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.refreshOnce();
        } while (this.refreshAgain);
      } finally {
        // In the same turn as the last check, not in a later .finally(): a refresh asked for in
        // between would join a promise that is already done, and be lost.
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const next = new Map<number, RecipeView>();
    for (const status of this.options.ports()) {
      if (!status.watched) continue;
      try {
        const recipe = await this.recipeFor(status);
        if (recipe) next.set(status.port, recipe);
      } catch (err) {
        this.options.log(`could not work out a recipe for port ${status.port}: ${(err as Error).message}`);
      }
    }
    const live = new Set(this.options.ports().flatMap((p) => (p.listener?.owner ? [`${p.port}/${identityKey(p.listener.owner)}`] : [])));
    for (const key of this.byOwner.keys()) if (!live.has(key)) this.byOwner.delete(key);
    if (JSON.stringify([...next]) !== JSON.stringify([...this.known])) {
      this.known = next;
      this.options.onDidChange();
    }
  }
}
