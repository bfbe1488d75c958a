// In charge of reading the command line: flags only, no side effects.
export interface CliOptions {
  help: boolean;
  version: boolean;
  config?: string;
  port?: number;
  host?: string;
}

export const USAGE = `ccproxy — any AI client to any AI model

Usage: ccproxy [options]

Options:
  --config PATH   configuration file (default: $CCPROXY_CONFIG, else ./config.toml, else the embedded default)
  --port N        listen port (overrides [server].port and $CCPROXY_PORT)
  --host ADDR     listen address (overrides [server].host and $CCPROXY_HOST)
  --version, -v   print the version
  --help, -h      print this help

Environment: CCPROXY_CONFIG, CCPROXY_HOST, CCPROXY_PORT, CCPROXY_DATA_DIR, CCPROXY_ADMIN_KEY,
and any variable a config value names as "env:NAME".`;

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--help": case "-h": options.help = true; break;
      case "--version": case "-v": options.version = true; break;
      case "--config": case "-c": options.config = value(); break;
      case "--host": options.host = value(); break;
      case "--port": case "-p": {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535`);
        options.port = port;
        break;
      }
      default: throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  return options;
}
