/** A constraint as the Unleash Admin API takes it, e.g. `{ contextName: 'userId', operator: 'IN', values: [...] }`. */
export interface Constraint {
  readonly contextName: string;
  readonly operator: 'IN' | 'NOT_IN' | 'STR_CONTAINS' | 'STR_STARTS_WITH' | 'STR_ENDS_WITH';
  readonly values: readonly string[];
}

export interface StrategyTarget {
  /** Only these users (`userId` = phone in E.164) get the flag: a `userId IN [...]` constraint. */
  readonly userIds?: readonly string[];
  /** Further constraints, e.g. `{ contextName: 'channel', operator: 'IN', values: ['sms'] }`. */
  readonly constraints?: readonly Constraint[];
}

/**
 * The few Unleash Admin API calls a developer or a test needs, for one project and one environment
 * (`default` / `development`, the ones a fresh Unleash has). Every call throws on a non-2xx answer.
 */
export class UnleashAdmin {
  constructor(
    private readonly apiUrl: string,
    private readonly adminToken: string,
    readonly project = 'default',
    readonly environment = 'development',
  ) {}

  /** Creates a release flag, off in every environment. Creating one that exists is not an error. */
  async createFlag(name: string, description = ''): Promise<void> {
    await this.request(
      'POST',
      `projects/${this.project}/features`,
      `create flag ${name}`,
      { name, type: 'release', description },
      [409],
    );
  }

  async listFlags(): Promise<string[]> {
    const body = (await this.request('GET', `projects/${this.project}/features`, 'list flags')) as {
      features: { name: string }[];
    };
    return body.features.map((feature) => feature.name);
  }

  async enable(name: string): Promise<void> {
    await this.request('POST', `${this.flagEnvironment(name)}/on`, `enable ${name}`);
  }

  async disable(name: string): Promise<void> {
    await this.request('POST', `${this.flagEnvironment(name)}/off`, `disable ${name}`);
  }

  /** Adds a flexibleRollout at 100 % limited by the target's constraints; returns the strategy id. */
  async addStrategy(name: string, target: StrategyTarget = {}): Promise<string> {
    const constraints = [
      ...(target.userIds ? [{ contextName: 'userId', operator: 'IN', values: target.userIds }] : []),
      ...(target.constraints ?? []),
    ].map((constraint) => ({ ...constraint, caseInsensitive: false, inverted: false }));
    const parameters = { rollout: '100', stickiness: 'default', groupId: name };
    const body = { name: 'flexibleRollout', constraints, parameters };
    const created = (await this.request(
      'POST',
      `${this.flagEnvironment(name)}/strategies`,
      `add strategy to ${name}`,
      body,
    )) as {
      id: string;
    };
    return created.id;
  }

  /** Removes every strategy of the flag in the environment (the flag stays on or off as it was). */
  async removeStrategies(name: string): Promise<void> {
    const path = `${this.flagEnvironment(name)}/strategies`;
    for (const { id } of (await this.request('GET', path, `list strategies of ${name}`)) as {
      id: string;
    }[]) {
      await this.request('DELETE', `${path}/${id}`, `remove strategy ${id} of ${name}`);
    }
  }

  private flagEnvironment(name: string): string {
    return `projects/${this.project}/features/${encodeURIComponent(name)}/environments/${this.environment}`;
  }

  /** One Admin API call; the parsed JSON answer, or an error naming the call unless the status is allowed. */
  private async request(
    method: string,
    path: string,
    what: string,
    body?: unknown,
    allowed: number[] = [],
  ): Promise<unknown> {
    const response = await fetch(new URL(`admin/${path}`, this.apiUrl), {
      method,
      headers: { authorization: this.adminToken, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok && !allowed.includes(response.status)) {
      throw new Error(`Unleash Admin API: ${what} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : undefined;
  }
}
