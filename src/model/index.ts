/**
 * The model: FollowTheMoney entities (schemata loaded as data from
 * @opensanctions/followthemoney), statements with deterministic ids, value validation by FtM
 * type, configuration and the error family every module throws.
 */
export * from "./config.js";
export * from "./countries.js";
export * from "./entity.js";
export * from "./errors.js";
export * from "./ftm.js";
export * from "./statement.js";
export * from "./values.js";
