#include "einblick/server/cli.hpp"

int main(int argc, char** argv) {
    return einblick::server::run_cli(argc, argv);
}
