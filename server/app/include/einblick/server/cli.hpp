#pragma once

namespace einblick::server {
// `einblick serve …`, `verify …`, `witness …`, `migrate …`, `--help`, `--version`. Returns the
// process exit code.
int run_cli(int argc, char** argv);
} // namespace einblick::server
