#pragma once

namespace einblick::server {
// `einblick serve …`, `einblick verify …`, `--help`, `--version`. Returns the process exit code.
int run_cli(int argc, char** argv);
} // namespace einblick::server
