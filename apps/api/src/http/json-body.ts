import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ILL_FORMED_TEXT_MESSAGE, illFormedTextAt } from '#libs/domain/bounded-values/text.js';
import { invalidInput } from './validation.pipe.js';

/**
 * The one JSON body parser: the bytes must be UTF-8 (a fatal decoder, where Node's would store U+FFFD for what it
 * cannot read), the text JSON without prototype-polluting keys, and every string in it, keys included, valid Unicode
 * without NUL (an escaped "\u0000" or "\ud800" decodes to one). Anything else is a 400 naming the field.
 */
export const useStrictJsonBodies = (app: NestFastifyApplication, bodyLimit: number): void => {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(invalidInput([{ field: '', message: 'the body must be UTF-8' }]), undefined);
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const field = illFormedTextAt(value);
      if (field !== null) return done(invalidInput([{ field, message: `${field || 'the body'} ${ILL_FORMED_TEXT_MESSAGE}` }]), undefined);
      done(null, value);
    });
  });
};
