/** Variable scopes of the RASP text language: nesting, reserved names, and the private `_names` of loaded files. */
import { RaspError } from '../../errors';
import { LangValue } from './values';

/** One scope. `exportTo` receives every public assignment (how `load` shares a file's names). */
export class Env {
  private readonly vars = new Map<string, LangValue>();
  constructor(
    readonly parent: Env | null,
    private readonly reserved: Set<string>,
    private readonly exportTo: Env | null = null,
  ) {}

  /** A child scope (function bodies, comprehensions) sharing the reserved names. */
  nested(exportTo: Env | null = null): Env {
    return new Env(this, this.reserved, exportTo);
  }

  /** The value of a name, looking outwards. @throws {RaspError} "Undefined variable: x". */
  get(name: string): LangValue {
    for (let env: Env | null = this; env; env = env.parent) {
      if (env.vars.has(name)) return env.vars.get(name)!;
    }
    throw new RaspError(`Undefined variable: ${name}`);
  }

  /** Binds a name here (and exports it unless it starts with `_`). @throws {RaspError} for a reserved name. */
  set(name: string, value: LangValue): void {
    if (this.reserved.has(name)) throw new RaspError(`Cannot set reserved name: ${name}`);
    this.define(name, value);
  }

  /** Binds a name without the reserved check (for the interpreter's own names, such as `out`). */
  define(name: string, value: LangValue): void {
    this.vars.set(name, value);
    if (this.exportTo && !name.startsWith('_') && name !== 'out') this.exportTo.set(name, value);
  }

  /** Whether programs may not assign the name. */
  isReserved(name: string): boolean {
    return this.reserved.has(name);
  }

  /** Marks a name as reserved: programs can no longer assign it. */
  reserve(name: string): void {
    this.reserved.add(name);
  }

  /** The names bound in this scope itself. */
  names(): string[] {
    return [...this.vars.keys()];
  }
}
