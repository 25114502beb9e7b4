import { describe, expect, it } from 'vitest';
import { KnownGround, ResourceTree } from './resource-tree';

const options = {
  maxChildren: 4,
  maxNodes: 1000,
  maxDepth: 16,
  establishedUses: 3,
  habitPriorVisits: 1,
};

describe('ResourceTree', () => {
  it('keeps a template per distinct path while a position has few values', () => {
    const tree = new ResourceTree(options);
    const a = tree.templateOf('secrets://vault/prod/db-password');
    const b = tree.templateOf('secrets://vault/prod/api-key');
    expect(a).not.toBe(b);
    expect(tree.template(a)).toBe('secrets://vault/prod/db-password');
    expect(tree.templateOf('secrets://vault/prod/db-password')).toBe(a);
  });

  it('turns a position where many distinct values keep appearing into a variable', () => {
    const tree = new ResourceTree(options);
    for (const pod of ['api-faxj', 'api-qwer', 'web-zzkp', 'api-lmno', 'db-xyzt', 'api-poiu'])
      tree.templateOf(`k8s://ns/prod-3/pods/${pod}/logs`);
    const next = tree.templateOf('k8s://ns/prod-7/pods/api-brandnew/logs');
    expect(tree.template(next)).toBe('k8s://ns/prod-{n}/pods/{*}/logs');
    expect(tree.templateOf('k8s://ns/prod-1/pods/other-kkkk/logs')).toBe(next);
    expect(tree.templateOf('k8s://ns/prod-1/pods/other-kkkk/describe')).not.toBe(next);
  });

  it('counts every call of a run on one template, also after its counters were dropped', () => {
    const tree = new ResourceTree({ ...options, maxChildren: 2000, maxNodes: 5000 });
    const ground = new KnownGround();
    const word = (i: number) => String.fromCharCode(97 + (i % 26), 97 + (((i / 26) % 26) | 0));
    // More templates than an agent keeps unsettled counters for: settling drops them.
    const many = Array.from({ length: 1_001 }, (_, i) =>
      tree.templateOf(`doc://${word(i)}/${word(i / 26)}/${word(i)}`),
    );
    expect(new Set(many).size).toBe(1_001);
    const id = many[1_000] as number;
    for (const template of many) tree.visit(template, ground);
    tree.settle(ground);
    tree.visit(id, ground);
    tree.visit(id, ground);
    const calls = new Map(tree.visitsToJSON(ground)).get(tree.template(id));
    expect(calls).toBe(3);
  });

  it('restores a template from its text', () => {
    const tree = new ResourceTree(options);
    const id = tree.templateIdOf('k8s://ns/prod-{n}/pods/{*}/logs');
    expect(tree.template(id)).toBe('k8s://ns/prod-{n}/pods/{*}/logs');
  });

  it('restores a template with a variable into a fresh tree as a variable', () => {
    const learned = new ResourceTree(options);
    for (const pod of ['api-faxj', 'api-qwer', 'web-zzkp', 'api-lmno', 'db-xyzt'])
      learned.templateOf(`k8s://ns/pods/${pod}/logs`);
    const saved = learned.template(learned.templateOf('k8s://ns/pods/api-zzzz/logs'));
    expect(saved).toBe('k8s://ns/pods/{*}/logs');
    // Another instance, or a restart, rebuilds the agent's ground in a tree that has seen no pods.
    const fresh = new ResourceTree(options);
    const restored = fresh.templateIdOf(saved);
    expect(fresh.templateOf('k8s://ns/pods/api-brandnew/logs')).toBe(restored);
  });

  it('bounds the nodes it holds', () => {
    const tree = new ResourceTree({ ...options, maxChildren: 1000, maxNodes: 50 });
    for (let i = 0; i < 500; i++)
      tree.templateOf(
        `doc://folder/file-${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) | 0))}/x`,
      );
    expect(tree.size).toBeLessThanOrEqual(52);
  });

  it('finds a new child of a well-trodden, low-cardinality node surprising', () => {
    const tree = new ResourceTree(options);
    const reader = new KnownGround();
    for (let agent = 0; agent < 10; agent++) {
      const ground = agent === 0 ? reader : new KnownGround();
      for (const name of ['db-password', 'api-key']) {
        const id = tree.templateOf(`secrets://vault/prod/${name}`);
        tree.firstUse(id, ground);
        for (let call = 0; call < 50; call++) tree.visit(id, ground);
      }
    }
    const step = tree.firstUse(tree.templateOf('secrets://vault/prod/root-ca'), reader);
    expect(step.chance).toBeLessThan(0.2);
    expect(step.habit).toBeLessThan(0.05);
  });

  it('finds a new child where every agent keeps finding new children ordinary', () => {
    const tree = new ResourceTree({ ...options, maxChildren: 1000 });
    for (let agent = 0; agent < 5; agent++) {
      const ground = new KnownGround();
      for (let i = 0; i < 20; i++)
        tree.firstUse(tree.templateOf(`mail://inbox/${letters(agent * 20 + i)}/thread`), ground);
    }
    const ground = new KnownGround();
    const first = tree.templateOf('mail://inbox/someone/thread');
    tree.firstUse(first, ground);
    tree.visit(first, ground);
    const step = tree.firstUse(tree.templateOf('mail://inbox/anotherone/thread'), ground);
    expect(step.chance).toBeGreaterThan(0.5);
    expect(step.habit).toBeGreaterThan(0.5);
  });

  it('finds a new child that does not go on like its siblings surprising, and one that does ordinary', () => {
    const tree = new ResourceTree({ ...options, maxChildren: 32 });
    // Twenty repositories, each read by a few agents, each going on with /actions/runs.
    for (let repo = 0; repo < 20; repo++)
      for (let agent = 0; agent < 2; agent++)
        tree.firstUse(
          tree.templateOf(`ci://acme/${letters(repo)}/actions/runs`),
          new KnownGround(),
        );
    const newRepo = tree.firstUse(
      tree.templateOf('ci://acme/brand-new/actions/runs'),
      new KnownGround(),
    );
    const newRepoChance = newRepo.chance;
    const secrets = tree.firstUse(
      tree.templateOf('ci://acme/secrets/NPM_TOKEN'),
      new KnownGround(),
    );
    expect(secrets.chance).toBeLessThan(newRepoChance / 10);
  });

  it('is no surprise when the whole path is common ground', () => {
    const tree = new ResourceTree(options);
    const id = tree.templateOf('crm://accounts/{n}');
    for (let agent = 0; agent < 3; agent++) tree.firstUse(id, new KnownGround());
    expect(tree.firstUse(id, new KnownGround())).toEqual({ chance: 1, habit: 1 });
  });
});

/** A name without digits, so the lexical rules leave it alone. */
function letters(n: number): string {
  return `person-${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + Math.floor(n / 26))}`;
}
