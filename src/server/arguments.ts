/**
 * What the `ticketmock` commands share about their arguments: the error that exits 2, and
 * the parser of an API list.
 */
import { InvalidArgumentError } from 'commander';
import { API_NAMES, type ApiName, isApiName } from '../apis.js';

/** A problem the user can fix: the command line, a file it names, the config file. Exit 2. */
export class UsageError extends Error {}

/** `auvious,adminserver`: known API names, each once. */
export function apisOption(value: string): ApiName[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!isApiName(name))
      throw new InvalidArgumentError(`unknown API "${name}" (choose from ${API_NAMES.join(', ')}).`);
  }
  return [...new Set(names)] as ApiName[];
}
