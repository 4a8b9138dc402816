import type { ChoiceStatedBy } from './events.js';

/** Whose choice decides (participation.md): the user's own, then the guardian's, then a relative's or advocate's. */
const PRECEDENCE: Record<ChoiceStatedBy, number> = { user: 0, guardian: 1, relative: 2, advocate: 2 };

/**
 * The deciding choice among choices in the order they were recorded: the latest stated by the user; when there is
 * none, the latest by the guardian; when there is none, the latest by a relative or advocate. A relative's later
 * statement never overrides the user's or the guardian's own choice. The decider's deviation-reason rule and the
 * participation audit's `decisionFollowsPreference` both read it.
 */
export const decidingChoice = <T extends { readonly statedBy: ChoiceStatedBy }>(choices: readonly T[]): T | undefined =>
  choices.reduce<T | undefined>(
    (deciding, choice) =>
      deciding === undefined || PRECEDENCE[choice.statedBy] <= PRECEDENCE[deciding.statedBy] ? choice : deciding,
    undefined,
  );

/** Stated by a relative or an advocate on the user's behalf, not by the user or their guardian. */
export const isProxyChoice = (choice: { readonly statedBy: ChoiceStatedBy }): boolean =>
  PRECEDENCE[choice.statedBy] === PRECEDENCE.relative;
