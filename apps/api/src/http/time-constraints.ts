import { Inject, Injectable } from '@nestjs/common';
import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import type { Clock } from '#libs/config/clock.js';
import { isMonthWithin, isNotInFuture, isWithinBounds, outOfBoundsMessage, timeBounds } from '#libs/domain/bounded-values/time-bounds.js';
import { CLOCK } from '../infrastructure/tokens.js';

/**
 * The rules of time values that depend on "now" (domain.md, Values), resolved through Nest's container (see
 * `useNestForValidators`) so that they read the process's one clock, as the decider does.
 */

/**
 * Between 2000-01-01 and two years after today; the decider holds commands to the same rule. With the constraint `month`
 * the value is a month `YYYY-MM` with at least one day within the bounds.
 */
@ValidatorConstraint({ name: 'isWithinTimeBounds' })
@Injectable()
export class WithinTimeBoundsConstraint implements ValidatorConstraintInterface {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  validate(value: unknown, args: ValidationArguments): boolean {
    if (typeof value !== 'string') return false;
    const bounds = timeBounds(this.clock.now());
    return args.constraints?.[0] === 'month' ? isMonthWithin(value, bounds) : isWithinBounds(value, bounds);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} ${outOfBoundsMessage(timeBounds(this.clock.now()))}`;
  }
}

/** A fact has happened: not in the future; the decider holds commands to the same rule. */
@ValidatorConstraint({ name: 'isNotInFuture' })
@Injectable()
export class NotInFutureConstraint implements ValidatorConstraintInterface {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  validate(value: unknown): boolean {
    return typeof value === 'string' && isNotInFuture(value, this.clock.now());
  }

  defaultMessage(): string {
    return '$property lies in the future: it says when something happened (a clock up to 5 minutes fast is taken)';
  }
}

export const TIME_CONSTRAINTS = [WithinTimeBoundsConstraint, NotInFutureConstraint];
