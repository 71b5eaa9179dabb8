import { captionOf, getSchema, ID_PROP, Invalid, isDesignatable } from "../model/index.js";
import {
  type Context,
  type DatasetVersionRow,
  diffStatements,
  getVersion,
  latestVersion,
  referringStatements,
  type StatementChange,
  statementsAt,
} from "../store/index.js";

export interface DiffRequest {
  readonly dataset: string;
  /** Defaults to the version before `to`. */
  readonly from?: number;
  /** Defaults to the latest version. */
  readonly to?: number;
  /** Only designations whose program contains this text, case-insensitive ("DPRK"). */
  readonly program?: string;
}

/** A designated party as it stood in one of the two versions. */
export interface DiffEntry {
  readonly id: string;
  readonly schema: string;
  readonly caption: string;
  readonly programs: readonly string[];
}

/** What changed in one property: values that appeared and values that went. */
export interface PropertyChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface ChangedEntry extends DiffEntry {
  /** Keyed by property; changes to a party's sanction record appear as `Sanction:<prop>`. */
  readonly properties: Readonly<Record<string, PropertyChange>>;
}

export interface ListDiff {
  readonly dataset: string;
  readonly from: DatasetVersionRow;
  readonly to: DatasetVersionRow;
  readonly added: readonly DiffEntry[];
  readonly removed: readonly DiffEntry[];
  readonly changed: readonly ChangedEntry[];
}

/** Properties that name a party and its programs, read for every entity a diff involves. */
const SUMMARY_PROPS = [ID_PROP, "name", "publicKey", "program", "entity", "holder"];

/**
 * Designations added, removed and changed between two versions of a dataset. Changes to a
 * party's Sanction entity are reported on the party. Throws NotFound for a missing version,
 * Invalid when the dataset has fewer than two versions and none are named.
 */
export async function diffVersions(ctx: Context, request: DiffRequest): Promise<ListDiff> {
  const { from, to } = await resolveVersions(ctx, request);
  const changes = await diffStatements(ctx.db, request.dataset, from.version, to.version);
  const involved = [...new Set(changes.map((c) => c.entityId))];
  const before = await summariseWithParties(ctx, request.dataset, from.version, involved);
  const after = await summariseWithParties(ctx, request.dataset, to.version, involved);
  const partyOf = (id: string) => after.partyOf.get(id) ?? before.partyOf.get(id) ?? id;

  const added: DiffEntry[] = [];
  const removed: DiffEntry[] = [];
  const changed = new Map<string, Map<string, { added: string[]; removed: string[] }>>();
  for (const change of changes) {
    if (change.prop === ID_PROP && isParty(change.schema)) {
      const entry =
        change.change === "added"
          ? after.entries.get(change.entityId)
          : before.entries.get(change.entityId);
      const stillThere =
        change.change === "added"
          ? before.entries.has(change.entityId)
          : after.entries.has(change.entityId);
      if (entry !== undefined && !stillThere)
        (change.change === "added" ? added : removed).push(entry);
      if (!stillThere) continue;
    }
    recordChange(changed, partyOf(change.entityId), change);
  }

  const matches = programFilter(request.program);
  const isNew = new Set([...added, ...removed].map((e) => e.id));
  const changedEntries: ChangedEntry[] = [];
  for (const [id, props] of changed) {
    const entry = after.entries.get(id) ?? before.entries.get(id);
    if (entry === undefined || isNew.has(id)) continue;
    const programs = [...new Set([...(before.entries.get(id)?.programs ?? []), ...entry.programs])];
    changedEntries.push({ ...entry, programs, properties: Object.fromEntries(props) });
  }
  return {
    dataset: request.dataset,
    from,
    to,
    added: added.filter(matches).sort(byCaption),
    removed: removed.filter(matches).sort(byCaption),
    changed: changedEntries.filter(matches).sort(byCaption),
  };
}

async function resolveVersions(
  ctx: Context,
  request: DiffRequest,
): Promise<{ from: DatasetVersionRow; to: DatasetVersionRow }> {
  const latest = await latestVersion(ctx.db, request.dataset);
  if (latest === undefined)
    throw new Invalid("no_versions", `dataset ${request.dataset} has no versions; import it first`);
  const toNumber = request.to ?? latest.version;
  const fromNumber = request.from ?? toNumber - 1;
  if (fromNumber < 1) {
    throw new Invalid(
      "one_version",
      `dataset ${request.dataset} has only version ${toNumber}; there is nothing to compare it with`,
    );
  }
  return {
    from: await getVersion(ctx.db, request.dataset, fromNumber),
    to: await getVersion(ctx.db, request.dataset, toNumber),
  };
}

function isParty(schema: string): boolean {
  return isDesignatable(getSchema(schema));
}

interface Summary {
  readonly entries: Map<string, DiffEntry>;
  /** For auxiliary entities (sanctions), the party they belong to. */
  readonly partyOf: Map<string, string>;
  /** For wallets, the party holding them: a wallet is listed under its holder's programs. */
  readonly holderOf: Map<string, string>;
  readonly programs: Map<string, Set<string>>;
}

/** Like summarise, and also summarises the parties of involved sanctions (to report on them). */
async function summariseWithParties(
  ctx: Context,
  dataset: string,
  version: number,
  ids: readonly string[],
): Promise<Summary> {
  const summary = await summarise(ctx, dataset, version, ids);
  const known = new Set(ids);
  const parties = [...new Set(summary.partyOf.values())].filter((id) => !known.has(id));
  const more = await summarise(ctx, dataset, version, parties);
  for (const [id, entry] of more.entries) summary.entries.set(id, entry);
  await addHolderPrograms(ctx, dataset, version, summary);
  return summary;
}

/** Gives each wallet the programs of its holder, read from the holder's sanctions. */
async function addHolderPrograms(
  ctx: Context,
  dataset: string,
  version: number,
  summary: Summary,
): Promise<void> {
  const holders = [...new Set(summary.holderOf.values())];
  if (holders.length === 0) return;
  const sanctionIds = new Set<string>();
  for (let i = 0; i < holders.length; i += 5000) {
    for (const row of await referringStatements(ctx.db, holders.slice(i, i + 5000)))
      if (row.dataset === dataset && row.schema === "Sanction") sanctionIds.add(row.entity_id);
  }
  const sanctions = await summarise(ctx, dataset, version, [...sanctionIds]);
  const programsOf = new Map<string, Set<string>>();
  for (const [sanction, party] of sanctions.partyOf)
    for (const p of sanctions.programs.get(sanction) ?? []) addTo(programsOf, party, p);
  for (const [wallet, holder] of summary.holderOf) {
    const entry = summary.entries.get(wallet);
    const inherited = programsOf.get(holder);
    if (entry === undefined || inherited === undefined) continue;
    const programs = [...new Set([...entry.programs, ...inherited])].sort();
    summary.entries.set(wallet, { ...entry, programs });
  }
}

/** Names, programs and owning party of the involved entities at one version. */
async function summarise(
  ctx: Context,
  dataset: string,
  version: number,
  ids: readonly string[],
): Promise<Summary> {
  const rows = [];
  for (let i = 0; i < ids.length; i += 5000) {
    rows.push(
      ...(await statementsAt(ctx.db, dataset, version, ids.slice(i, i + 5000), SUMMARY_PROPS)),
    );
  }
  const partyOf = new Map<string, string>();
  const holderOf = new Map<string, string>();
  const captions = new Map<string, Record<string, string[]>>();
  const programs = new Map<string, Set<string>>();
  const schemata = new Map<string, string>();
  for (const row of rows) {
    if (row.prop === ID_PROP) schemata.set(row.entity_id, row.schema);
    else if (row.prop === "name" || row.prop === "publicKey") {
      const props = captions.get(row.entity_id) ?? {};
      props[row.prop] = [...(props[row.prop] ?? []), row.value];
      captions.set(row.entity_id, props);
    } else if (row.prop === "program") addTo(programs, row.entity_id, row.value);
    else if (row.schema === "Sanction" && row.prop === "entity")
      partyOf.set(row.entity_id, row.value);
    else if (row.prop === "holder") holderOf.set(row.entity_id, row.value);
  }
  // A sanction's programs are its party's programs too.
  for (const [sanction, party] of partyOf)
    for (const p of programs.get(sanction) ?? []) addTo(programs, party, p);
  const entries = new Map<string, DiffEntry>();
  for (const [id, schema] of schemata) {
    if (!isParty(schema)) continue;
    const caption = captionOf(schema, captions.get(id) ?? {}) ?? id;
    entries.set(id, { id, schema, caption, programs: [...(programs.get(id) ?? [])].sort() });
  }
  return { entries, partyOf, holderOf, programs };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

function recordChange(
  changed: Map<string, Map<string, { added: string[]; removed: string[] }>>,
  partyId: string,
  change: StatementChange,
): void {
  const prop =
    change.prop === ID_PROP
      ? "schema"
      : isParty(change.schema)
        ? change.prop
        : `${change.schema}:${change.prop}`;
  if (change.prop === ID_PROP && !isParty(change.schema)) return;
  let props = changed.get(partyId);
  if (props === undefined) {
    props = new Map();
    changed.set(partyId, props);
  }
  let entry = props.get(prop);
  if (entry === undefined) {
    entry = { added: [], removed: [] };
    props.set(prop, entry);
  }
  (change.change === "added" ? entry.added : entry.removed).push(
    change.prop === ID_PROP ? change.schema : change.value,
  );
}

function programFilter(program: string | undefined): (entry: DiffEntry) => boolean {
  if (program === undefined || program === "") return () => true;
  const needle = program.toLowerCase();
  return (entry) => entry.programs.some((p) => p.toLowerCase().includes(needle));
}

function byCaption(a: DiffEntry, b: DiffEntry): number {
  return a.caption.localeCompare(b.caption) || a.id.localeCompare(b.id);
}
