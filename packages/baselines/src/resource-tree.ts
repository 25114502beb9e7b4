import { uriShape, uriShapeFingerprint } from './uri-shape';

/** What bounds one server's tree. */
export interface ResourceTreeOptions {
  /**
   * A node with more distinct children than this becomes a variable: its
   * children merge into one `{*}` (Sentry's transaction clusterer, Drain's
   * maxChild). Values that keep appearing are identifiers, whatever they look like.
   */
  maxChildren: number;
  /** Nodes the tree may hold; past that a node that needs a new child becomes a variable. */
  maxNodes: number;
  /** Segments kept apart; deeper ones share one `{…}` node. */
  maxDepth: number;
  /** Agents that make a node common ground: a step onto it is not novel. */
  establishedUses: number;
  /**
   * Calls an agent's habit at a node is worth the population's habit there:
   * an agent seen there a few times is judged mostly like everyone else,
   * one seen there thousands of times by its own record.
   */
  habitPriorVisits: number;
}

export const DEFAULT_RESOURCE_TREE_OPTIONS: ResourceTreeOptions = {
  maxChildren: 32,
  maxNodes: 20_000,
  maxDepth: 16,
  establishedUses: 3,
  habitPriorVisits: 20,
};

/**
 * What one agent has walked of one server's tree: bounded by the nodes the
 * tree holds (see ResourceTreeOptions.maxNodes).
 */
export class KnownGround {
  /** Per node id, the agent's calls through it (see settle). */
  readonly visits = new Map<number, number>();
  /**
   * Calls per template node not yet added to `visits` along its path: a call
   * costs one counter here, and the path is walked only when a first use is
   * judged or the agent is saved.
   */
  readonly unsettled = new Map<number, { calls: number }>();
  /** The template last visited and its counter in `unsettled`: an agent's calls often repeat one. */
  lastVisited = -1;
  lastCounter: { calls: number } | undefined = undefined;
  /** Per node id, how many of its children the agent stepped onto for the first time. */
  readonly steps = new Map<number, number>();
}

/** How a first use was judged (see ResourceTree.firstUse). */
export interface FirstStep {
  /** The population's chance of the step (1 when nothing was judged). */
  chance: number;
  /** The agent's own chance of a first step there (1 when nothing was judged). */
  habit: number;
}

const SCRATCH: FirstStep = { chance: 1, habit: 1 };
const VARIABLE = '{*}';
const DEEPER = '{…}';
/** Counters an agent keeps for unsettled templates; past that they are dropped once settled. */
const MAX_UNSETTLED = 1_000;
/** Template ids remembered by URI fingerprint; past that the memo starts afresh. */
const MAX_MEMO = 50_000;

class TreeNode {
  /** Distinct agents that have used a template through this node. */
  uses = 0;
  /** Sum of the children's uses: agent-and-child pairs seen under this node. */
  childUses = 0;
  /** Calls through this node, by every agent. */
  visits = 0;
  /** Distinct values merged into one `{*}` child. */
  variable = false;
  children: Map<string, TreeNode> | undefined = undefined;
  /** The template this node ends, built on first request. */
  text: string | undefined = undefined;

  constructor(
    readonly id: number,
    /** Separator and segment, e.g. `/pods`; the top's children hold the scheme (`k8s://`). */
    readonly key: string,
    readonly parent: TreeNode | undefined,
    readonly depth: number,
  ) {}

  /**
   * Chance that an agent stepping onto a child of this node it has not used
   * before steps onto one nobody had used: children born per agent-and-child
   * first use, with a rule-of-succession prior. Pods that come and go are
   * born all the time and shared by a few agents each; a handful of secrets
   * shared by every agent of a team almost never. A variable node is all new
   * values, so a new one is no surprise.
   */
  newChildProbability(): number {
    return this.variable ? 1 : ((this.children?.size ?? 0) + 1) / (this.childUses + 2);
  }

  /**
   * Chance that a child of this node goes on with `key`, judged on the other
   * children that go on at all (rule of succession): a new repository goes
   * on like the others (`/actions`), a `secrets` among repositories does not
   * (`/NPM_TOKEN`), however many repositories come and go. A child whose own
   * children are a variable goes on with anything.
   */
  continuationProbability(child: TreeNode, key: string): number {
    let siblings = 0;
    let alike = 0;
    for (const sibling of this.children?.values() ?? []) {
      if (sibling === child || sibling.children === undefined) continue;
      siblings++;
      if (sibling.variable || sibling.children.has(key)) alike++;
    }
    return (alike + 1) / (siblings + 2);
  }
}

/**
 * What one server's resource URIs look like, learned from the traffic: a tree
 * of path segments (after the lexical rules of uriShape) in which a position
 * where many distinct values keep appearing becomes a variable. A URI's
 * template is its path through the tree (`k8s://ns/prod-{n}/pods/{*}/logs`),
 * identified by the node it ends at. State is bounded by `maxNodes` however
 * many distinct URIs arrive.
 *
 * The tree also counts which agents walked each node, so that a first use can
 * be judged by where the agent leaves common ground: stepping into a node
 * where new children appear all the time (pods, tickets, files) is ordinary;
 * stepping onto an unused child of a node whose children are few and well
 * trodden (`secrets://vault/prod/…`) is not.
 */
export class ResourceTree {
  private readonly top: TreeNode;
  private readonly nodes = new Map<number, TreeNode>();
  private readonly memo = new Map<number, TreeNode>();

  private nextId = 0;

  constructor(private readonly options: ResourceTreeOptions = DEFAULT_RESOURCE_TREE_OPTIONS) {
    this.top = this.createNode('', undefined);
  }

  /** Nodes held now (at most `maxNodes`, plus the variables that bound it). */
  get size(): number {
    return this.nodes.size;
  }

  /** The id of the template `uri` falls under: the node its path ends at. */
  templateOf(uri: string): number {
    const fingerprint = uriShapeFingerprint(uri);
    let node = this.memo.get(fingerprint);
    if (node === undefined) {
      node = this.walk(uriShape(uri));
      if (this.memo.size >= MAX_MEMO) this.memo.clear();
      this.memo.set(fingerprint, node);
    }
    return node.id;
  }

  /**
   * The id of a template written by `template(id)` (restoring saved state). Its `{*}`
   * segments make their nodes variables here too: a tree that has not seen the values
   * yet (after a restart, on the instance a partition moved to) would otherwise keep a
   * literal `{*}` child, and the agent's next call there would look like a first use.
   */
  templateIdOf(template: string): number {
    return this.walk(template, true).id;
  }

  /** The template a node id stands for, e.g. `k8s://ns/prod-{n}/pods/{*}/logs`. */
  template(id: number): string {
    const end = this.nodes.get(id);
    if (end === undefined) return '';
    if (end.text !== undefined) return end.text;
    let text = '';
    for (let node: TreeNode | undefined = end; node !== undefined; node = node.parent)
      text = node.key + text;
    end.text = text;
    return text;
  }

  /** An agent's calls per node, by template text (the top is ``), for its snapshot. */
  visitsToJSON(ground: KnownGround): [string, number][] {
    this.settle(ground);
    const saved: [string, number][] = [];
    for (const [id, count] of ground.visits)
      if (this.nodes.has(id)) saved.push([this.template(id), count]);
    return saved;
  }

  /**
   * Restores what visitsToJSON saved, after the agent's templates were
   * restored with firstUse: its calls per node, which count for everyone too.
   */
  restoreVisits(ground: KnownGround, saved: readonly [string, number][]): void {
    for (const [template, count] of saved) {
      const node = this.walk(template, true);
      node.visits += count;
      ground.visits.set(node.id, (ground.visits.get(node.id) ?? 0) + count);
    }
  }

  /** Counts an agent's call to template `id` on every node of its path. */
  visit(id: number, ground: KnownGround): void {
    let unsettled = ground.lastVisited === id ? ground.lastCounter : ground.unsettled.get(id);
    if (unsettled === undefined) {
      unsettled = { calls: 0 };
      ground.unsettled.set(id, unsettled);
    }
    unsettled.calls++;
    ground.lastVisited = id;
    ground.lastCounter = unsettled;
  }

  /**
   * Adds an agent's unsettled calls to every node of their paths (the top
   * too: a new scheme on the server is a step below it), for the agent and
   * for everyone. Call it now and then (when the agent's window closes), so
   * that everyone's counts lag little.
   */
  settle(ground: KnownGround): void {
    const visits = ground.visits;
    // forEach, not for-of: no [id, counter] array per entry, for every agent at every window close.
    ground.unsettled.forEach((unsettled, id) => {
      const calls = unsettled.calls;
      if (calls === 0) return;
      for (let node = this.nodes.get(id); node !== undefined; node = node.parent) {
        node.visits += calls;
        visits.set(node.id, (visits.get(node.id) ?? 0) + calls);
      }
      unsettled.calls = 0;
    });
    if (ground.unsettled.size > MAX_UNSETTLED) {
      ground.unsettled.clear();
      ground.lastVisited = -1;
      ground.lastCounter = undefined;
    }
  }

  /**
   * Records an agent's first use of template `id` (before `visit` counts the
   * call) and judges the step where the agent left common ground: the first
   * node on the path that the agent had not walked and fewer than
   * `establishedUses` agents had used. Returns (in `out`) the population's
   * chance of that step (the parent's new-child chance, or the child's share
   * of its parent's first uses if some agents used it, whichever is larger)
   * and the agent's habit at the parent: its first steps there per call
   * through it (shrunk towards everyone's, see habitPriorVisits), so that an
   * agent that keeps touching new leaves under a node is not surprised by the
   * next one, while one that has always read the same few children is.
   */
  firstUse(id: number, ground: KnownGround, out: FirstStep = SCRATCH): FirstStep {
    out.chance = 1;
    out.habit = 1;
    const end = this.nodes.get(id);
    if (end === undefined) return out;
    this.settle(ground);
    const path: TreeNode[] = [];
    for (let node = end; node !== this.top && node.parent !== undefined; node = node.parent)
      path.push(node);
    let judged = false;
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i] as TreeNode;
      if (ground.visits.has(node.id)) continue;
      const parent = node.parent as TreeNode;
      const steps = ground.steps.get(parent.id) ?? 0;
      if (!judged && node.uses < this.options.establishedUses) {
        judged = true;
        const share = (node.uses + 1) / (parent.childUses + 2);
        const next = path[i - 1];
        out.chance =
          Math.max(parent.newChildProbability(), share) *
          (next === undefined || node.uses > 0
            ? 1
            : parent.continuationProbability(node, next.key));
        // Shrunk towards everyone's first steps per call there (empirical Bayes).
        const prior = this.options.habitPriorVisits;
        const everyone = (parent.childUses + 1) / (parent.visits + 2);
        const own = ground.visits.get(parent.id) ?? 0;
        out.habit = Math.min(1, (steps + prior * everyone) / (own + prior));
      }
      ground.visits.set(node.id, 0);
      ground.steps.set(parent.id, steps + 1);
      node.uses++;
      parent.childUses++;
    }
    return out;
  }

  /** Follows a lexical shape down the tree, growing it, and returns the node it ends at. */
  private walk(shape: string, saved = false): TreeNode {
    let node = this.top;
    let start = 0;
    const schemeEnd = shape.indexOf('://');
    if (schemeEnd > 0) {
      start = schemeEnd + 3;
      node = this.child(node, shape.slice(0, start));
    }
    // Each key is a segment with the separator before it: `ns`, `/prod-{n}`, `/pods`.
    for (let i = start + 1; i <= shape.length; i++) {
      const c = i < shape.length ? shape.charCodeAt(i) : 47;
      if (c !== 47 /* / */ && c !== 58 /* : */) continue;
      if (node.depth >= this.options.maxDepth) return this.child(node, DEEPER);
      const key = shape.slice(start, i);
      if (saved && !node.variable && node !== this.top && isVariableKey(key))
        this.makeVariable(node);
      node = this.child(node, key);
      start = i;
    }
    return node;
  }

  /** The child for `key` (separator and segment), through the variable when the node is one. */
  private child(node: TreeNode, key: string): TreeNode {
    const segmentKey = node.variable ? variableKey(key) : key;
    let children = node.children;
    const found = children?.get(segmentKey);
    if (found !== undefined) return found;
    if (
      !node.variable &&
      node !== this.top &&
      ((children?.size ?? 0) >= this.options.maxChildren ||
        this.nodes.size >= this.options.maxNodes)
    ) {
      this.makeVariable(node);
      return this.child(node, key);
    }
    children ??= node.children = new Map();
    const created = this.createNode(segmentKey, node);
    children.set(segmentKey, created);
    return created;
  }

  /** Merges a node's children into `{*}`: their subtrees are forgotten, their agents' counts kept on the node. */
  private makeVariable(node: TreeNode): void {
    for (const child of node.children?.values() ?? []) this.forget(child);
    node.children = undefined;
    node.variable = true;
    node.childUses = 0;
    this.memo.clear();
  }

  private forget(node: TreeNode): void {
    this.nodes.delete(node.id);
    for (const child of node.children?.values() ?? []) this.forget(child);
  }

  private createNode(key: string, parent: TreeNode | undefined): TreeNode {
    const node = new TreeNode(
      this.nextId++,
      key,
      parent,
      parent === undefined ? 0 : parent.depth + 1,
    );
    this.nodes.set(node.id, node);
    return node;
  }
}

function isVariableKey(key: string): boolean {
  return key.endsWith(VARIABLE) && key.length <= VARIABLE.length + 1;
}

/** `/api-faxj` → `/{*}`: a variable keeps the separator that led to it. */
function variableKey(key: string): string {
  if (key === DEEPER || key.endsWith('://')) return key;
  const separator = key.charCodeAt(0);
  return separator === 47 || separator === 58 ? key[0] + VARIABLE : VARIABLE;
}
