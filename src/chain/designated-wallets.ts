import { type Context, datasetFactsAt, listDatasets } from "../store/index.js";
import { normalizeAddress } from "./address.js";
import type { AddressLabel } from "./queries.js";

/**
 * The crypto addresses of designated holders, from the CryptoWallet entities the lists
 * imported (OFAC's digital-currency addresses): one label per wallet, category `designated`,
 * naming the holder and the programmes ("Lazarus Group · DPRK3"), the dataset as source.
 * Read through the store's bulk reader, one pass per dataset.
 */
export async function loadDesignatedWallets(ctx: Context): Promise<AddressLabel[]> {
  const out: AddressLabel[] = [];
  for (const dataset of await listDatasets(ctx.db)) {
    if (dataset.latest === undefined) continue;
    const facts = await datasetFactsAt(ctx.db, dataset.name, dataset.latest.version);
    const names = new Map<string, string>();
    const wallets = new Map<string, { keys: string[]; holders: string[]; programs: string[] }>();
    const sanctions = new Map<string, { parties: string[]; programs: string[] }>();
    for (const fact of facts) {
      if (fact.prop === "name" && !names.has(fact.entity_id)) names.set(fact.entity_id, fact.value);
      if (fact.schema === "Sanction") {
        const sanction = sanctions.get(fact.entity_id) ?? { parties: [], programs: [] };
        sanctions.set(fact.entity_id, sanction);
        if (fact.prop === "entity") sanction.parties.push(fact.value);
        else if (fact.prop === "program" || fact.prop === "programId")
          sanction.programs.push(fact.value);
      }
      if (fact.schema !== "CryptoWallet") continue;
      const wallet = wallets.get(fact.entity_id) ?? { keys: [], holders: [], programs: [] };
      wallets.set(fact.entity_id, wallet);
      if (fact.prop === "publicKey") wallet.keys.push(fact.value);
      else if (fact.prop === "holder") wallet.holders.push(fact.value);
      else if (fact.prop === "program" || fact.prop === "programId")
        wallet.programs.push(fact.value);
    }
    const programsOf = new Map<string, string[]>();
    for (const s of sanctions.values())
      for (const party of s.parties)
        programsOf.set(party, [...(programsOf.get(party) ?? []), ...s.programs]);
    for (const wallet of wallets.values()) {
      const holder = wallet.holders.map((h) => names.get(h) ?? h).join("; ") || "designated holder";
      const programs = new Set([
        ...wallet.programs,
        ...wallet.holders.flatMap((h) => programsOf.get(h) ?? []),
      ]);
      const label = [holder, ...programs].join(" · ");
      for (const key of wallet.keys) {
        const normal = normalizeAddress(key);
        out.push({
          address: typeof normal === "string" ? key.trim() : normal.key,
          label,
          category: "designated",
          source: dataset.name,
        });
      }
    }
  }
  return out;
}
