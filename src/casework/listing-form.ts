import type { FtmEntity } from "../lists/index.js";
import type { RecommendationBody } from "./schema.js";

/**
 * A recommendation in the fields of the UN Security Council sanctions committees' standard
 * listing form, as the 1718 Committee uses it: Part I identifying information (one block
 * for an individual, one for an entity or a vessel), Part II the statement of case (the
 * criteria met, the narrative, the supporting findings, and the part that may be made
 * public), Part III the submitting party. The folder /work/shared/context/ describes the
 * mechanism but holds no copy of the form; the field names follow the form's published
 * structure, and what Cordon cannot fill is left empty, never invented.
 */
export interface ListingForm {
  readonly form: "UNSC 1718 Committee standard listing form";
  readonly type: "individual" | "entity" | "vessel";
  readonly part_i_identifying_information: Record<string, string[]>;
  readonly part_ii_statement_of_case: {
    readonly listing_criteria: string[];
    readonly narrative_summary: string;
    readonly supporting_findings: { incident_id: string; title: string; status: string }[];
    readonly nature_of_evidence: string[];
    readonly releasable_publicly: string;
  };
  readonly part_iii_submitting_party: {
    readonly organisation: string;
    readonly point_of_contact: string;
    readonly date: string;
  };
  readonly identifiers: { scheme: string; value: string }[];
  readonly cordon_recommendation_id: string;
}

const texts = (entity: FtmEntity, ...props: string[]): string[] =>
  props.flatMap((prop) =>
    (entity.properties[prop] ?? []).map((v) => (typeof v === "string" ? v : v.caption)),
  );

/** Part I from the entity store's facts about the entity, by FtM schema. */
function identifying(entity: FtmEntity): {
  type: ListingForm["type"];
  fields: Record<string, string[]>;
} {
  if (entity.schema === "Person")
    return {
      type: "individual",
      fields: {
        name: texts(entity, "name"),
        name_original_script: texts(entity, "nameOriginal", "nativeName").filter(Boolean),
        good_quality_aliases: texts(entity, "alias"),
        low_quality_aliases: texts(entity, "weakAlias"),
        title: texts(entity, "title"),
        designation: texts(entity, "position"),
        date_of_birth: texts(entity, "birthDate"),
        place_of_birth: texts(entity, "birthPlace"),
        nationality: texts(entity, "nationality"),
        passport_number: texts(entity, "passportNumber"),
        national_identification_number: texts(entity, "idNumber"),
        gender: texts(entity, "gender"),
        address: texts(entity, "address", "addressEntity"),
        other_information: texts(entity, "notes"),
      },
    };
  if (entity.schema === "Vessel")
    return {
      type: "vessel",
      fields: {
        name: texts(entity, "name"),
        former_names: texts(entity, "pastNames", "previousName"),
        imo_number: texts(entity, "imoNumber"),
        flag: texts(entity, "flag"),
        call_sign: texts(entity, "callSign"),
        mmsi: texts(entity, "mmsi"),
        owner_operator: texts(entity, "owner", "operator"),
        other_information: texts(entity, "notes"),
      },
    };
  return {
    type: "entity",
    fields: {
      name: texts(entity, "name"),
      also_known_as: texts(entity, "alias"),
      formerly_known_as: texts(entity, "previousName"),
      address: texts(entity, "address", "addressEntity"),
      headquarters_country: texts(entity, "country", "jurisdiction", "mainCountry"),
      registration_number: texts(entity, "registrationNumber"),
      tax_number: texts(entity, "taxNumber"),
      other_information: texts(entity, "notes"),
    },
  };
}

/** The form for `recommendation` on `entity`, with its findings and their evidence kinds. */
export function toListingForm(
  recommendation: RecommendationBody,
  entity: FtmEntity,
  findings: readonly {
    incident_id: string;
    title: string;
    status: string;
    evidence_kinds: readonly string[];
  }[],
  submitter: { readonly organisation: string; readonly contact: string },
  now = new Date(),
): ListingForm {
  const { type, fields } = identifying(entity);
  return {
    form: "UNSC 1718 Committee standard listing form",
    type,
    part_i_identifying_information: fields,
    part_ii_statement_of_case: {
      listing_criteria: recommendation.listing_criteria,
      narrative_summary: recommendation.statement_of_case,
      supporting_findings: findings.map(({ incident_id, title, status }) => ({
        incident_id,
        title,
        status,
      })),
      nature_of_evidence: [...new Set(findings.flatMap((f) => f.evidence_kinds))].sort(),
      // Only a CLEAR recommendation may be published as it stands.
      releasable_publicly:
        recommendation.marking.tlp === "CLEAR" ? recommendation.statement_of_case : "",
    },
    part_iii_submitting_party: {
      organisation: submitter.organisation,
      point_of_contact: submitter.contact,
      date: now.toISOString().slice(0, 10),
    },
    identifiers: recommendation.identifiers,
    cordon_recommendation_id: recommendation.id,
  };
}
