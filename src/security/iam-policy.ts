/** The IAM policy document shape (what IAM's JSON accepts). */
export interface PolicyStatement {
  /** The statement's id, for reading the policy. */
  readonly Sid?: string;
  /** Whether the statement allows or denies. */
  readonly Effect: 'Allow' | 'Deny';
  /** Who the statement is about (trust policies): `{ AWS: '<role or user ARN>' }`. */
  readonly Principal?: Readonly<Record<string, string | readonly string[]>>;
  /** The actions, e.g. `dynamodb:GetItem` or `sts:AssumeRole`. */
  readonly Action: string | readonly string[];
  /** The ARNs it applies to (not in trust policies). */
  readonly Resource?: string | readonly string[];
  /** Condition operator to condition key to value(s). */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** An IAM policy document: a list of statements in the 2012-10-17 policy language. */
export interface PolicyDocument {
  /** The policy language version. */
  readonly Version: '2012-10-17';
  /** The statements. */
  readonly Statement: readonly PolicyStatement[];
}
