import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX, PASSWORD_MIN } from './accounts.schema.js';

/** How many of the most common passwords are refused. */
export const COMMON_PASSWORDS_REFUSED = 10_000;

// The ranked list of zxcvbn-ts (MIT licence): the most common passwords first. Built on
// first use, lower-cased, so that "Password1" is refused like "password1".
let common: Set<string> | undefined;

/** True for a password among the 10,000 most common ones, whatever its case. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].slice(0, COMMON_PASSWORDS_REFUSED).map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}

/** Why a new password is refused, as a message key, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return 'accounts.problem.passwordLength';
  if (isCommonPassword(password)) return 'accounts.problem.passwordCommon';
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

// A hash computed once, so that checking a password of an unknown address costs as much
// time as of a known one and does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

/** Checks a password against a stored hash; with no hash, spends the same time and fails. */
export async function checkPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoyHash ??= hashPassword('decoy password that matches nothing');
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
