#include "einblick/server/cli.hpp"
#include "einblick/server/sqlite/connection.hpp"

int main(int argc, char** argv) {
    einblick::server::configure_sqlite_library(); // before anything opens a database
    return einblick::server::run_cli(argc, argv);
}
