import { Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '../http/problem.exception.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A path id that cannot name anything answers 404, exactly as an unknown one. */
@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  static readonly clientId = new (class implements PipeTransform<string, string> {
    transform(value: string): string {
      if (!CLIENT_ID.test(value)) throw ProblemException.of(404, `No such id ${JSON.stringify(value.slice(0, 64))}`);
      return value;
    }
  })();

  transform(value: string): string {
    if (!UUID.test(value)) throw ProblemException.of(404, `No case ${JSON.stringify(value.slice(0, 64))}`);
    return value.toLowerCase();
  }
}
