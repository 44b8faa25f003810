import { ObskitError, ObskitValidationError } from '@obskit/catalog';
import { DEMO_CODES } from './codes';
import { readConfig } from './config';
import { UnknownDependencyError } from './domain/task-model';
import { DemoError } from './errors';
import { BadRequestError, parseAgentName } from './http/validation';

describe('DEMO_CODES', () => {
  const codes = Object.values(DEMO_CODES);

  it.each(Object.entries(DEMO_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^(OBSKIT|DEMO)_[A-Z_]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a refused request carries: a BadRequestError is a DemoError', () => {
    let thrown: unknown;
    try {
      parseAgentName('nobody');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadRequestError);
    expect(thrown).toBeInstanceOf(DemoError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({ name: 'BadRequestError', code: DEMO_CODES.unknownAgent, status: 404 });
  });

  it('is what an UnknownDependencyError carries', () => {
    const error = new UnknownDependencyError([7]);
    expect(error).toBeInstanceOf(DemoError);
    expect(error).toMatchObject({
      code: DEMO_CODES.unknownDependency,
      message: 'Unknown task id in "dependsOn": 7',
    });
  });

  it('is what the problems of an invalid environment carry', () => {
    let thrown: unknown;
    try {
      readConfig({ PORT: 'eighty' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ObskitValidationError);
    expect(thrown).toMatchObject({
      code: DEMO_CODES.invalidEnv,
      problems: [{ code: DEMO_CODES.invalidEnv, subject: 'PORT' }],
    });
  });
});
