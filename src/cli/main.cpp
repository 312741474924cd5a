// The `ces` command line (spec section 6): one file per command (commands.h).
// Exit codes: 0 done (row errors included), 2 the model or the input cannot be used.
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>
#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>
#endif

#include "cli/cli_io.h"
#include "cli/commands.h"

#ifndef CES_VERSION
#define CES_VERSION "unknown"
#endif

namespace {

using namespace ces::cli;

const char* kUsage =
    "ces - customer engagement scores from a CSV file and a score model\n"
    "\n"
    "usage:\n"
    "  ces score --model MODEL.json [--as-of YYYY-MM-DD] [-o OUT.csv] [--summary-json FILE] INPUT.csv\n"
    "      Scores every customer in INPUT.csv (\"-\" reads standard input) and writes the\n"
    "      scored table to OUT.csv or standard output. A summary goes to standard error.\n"
    "      --threads N reads a file in N parts at once (default: every core); the result\n"
    "      is the same as with one. Standard input is read on one thread.\n"
    "  ces inspect [--json] INPUT.csv\n"
    "      Shows the delimiter, encoding, row count and each column's likely type\n"
    "      (--json: as JSON, with the starter model the app would propose).\n"
    "  ces validate MODEL.json\n"
    "      Checks a model file: prints \"ok\", or every problem with its field path.\n"
    "  ces history --model MODEL.json [--every DAYS] [--points K] [--from D0] [--to D1] [-o OUT.csv] INPUT.csv\n"
    "      The score on K dates DAYS apart ending on D1 (default: the as-of date; 13\n"
    "      dates 7 days apart), one CSV: as_of,customer,score,raw,tier,segment.\n"
    "      Events shape only.\n"
    "  ces movers --model MODEL.json --from D0 [--to D1] [-o OUT.csv] [--summary-json FILE] INPUT.csv\n"
    "  ces movers --model MODEL.json --before OLD.csv [-o OUT.csv] [--summary-json FILE] INPUT.csv\n"
    "      Who changed between two dates of one file (events shape), or between an\n"
    "      older export and INPUT.csv (either shape): status moved/new/gone, change.\n"
    "  ces compare --model A.json --model B.json [--json] [-o OUT] [--summary-json FILE] INPUT.csv\n"
    "      Two models on one file, as movers (before = A, after = B); --json prints\n"
    "      the summary instead of the CSV.\n"
    "  ces sql --model MODEL.json --dialect duckdb|postgres|clickhouse [--table NAME]\n"
    "      Prints one SQL query that computes the same scored table on a database\n"
    "      table holding the file's rows (docs/sql.md).\n"
    "  ces backtest --model MODEL.json (--outcome-column COL | --outcomes FILE --outcome-column COL |\n"
    "               --at YYYY-MM-DD --horizon DAYS --outcome active|inactive|event:NAME[,NAME...])\n"
    "               [--expect high|low] [--json] INPUT.csv\n"
    "      Does the score predict an outcome? AUC, rates by tier and decile, each activity's\n"
    "      AUC, and weights fitted to the outcome (docs/backtest.md).\n"
    "  ces --help | ces --version\n"
    "\n"
    "exit status: 0 when done (rows with errors are skipped and listed), 2 when the\n"
    "model or the input cannot be used at all.\n"
    "The model format: docs/score-model.md.\n";

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
};
const Command kCommands[] = {
    {"score", Score},
    {"inspect", [](const std::vector<std::string>& a) { return Inspect(a); }},
    {"validate", Validate},
    {"history", History},
    {"movers", Movers},
    {"compare", Compare},
    {"sql", Sql},
    {"backtest", Backtest},
};

int Run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? kExitUnusable : kExitOk;
  }
  if (args[0] == "--version") {
    std::printf("ces %s (score models v1 and v2)\n", CES_VERSION);
    return kExitOk;
  }
  std::string command = args[0];
  args.erase(args.begin());
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
  }
  std::string names;
  for (const Command& c : kCommands) {
    if (command == c.name) return c.run(args);
    names += std::string(names.empty() ? "" : ", ") + c.name;
  }
  Say("unknown command \"" + command + "\" (commands: " + names + "; see ces --help)");
  return kExitUnusable;
}

}  // namespace

// Once, before anything is read: restart with glibc's malloc asked to back the heap
// with 2 MiB pages. Scoring touches every customer's hash slot and buckets at random,
// and with 4 KiB pages a large share of that time went to TLB misses (issue 13:
// ~15% of user time on the 10M-row bench file, on a machine whose transparent huge
// pages are "madvise" only). Skipped when the user set GLIBC_TUNABLES or
// CES_NO_HUGE_PAGES (valgrind cannot follow the restart: bench/lib/profile.mjs), or
// when the restart fails (then nothing changes).
static void UseHugePages(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (std::getenv("GLIBC_TUNABLES") || std::getenv("CES_NO_HUGE_PAGES")) return;
  setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1);
  execv("/proc/self/exe", argv);
  unsetenv("GLIBC_TUNABLES");
#else
  (void)argv;
#endif
}

int main(int argc, char** argv) {
  UseHugePages(argv);
  try {
    return Run(argc, argv);
  } catch (const std::bad_alloc&) {
    Say("out of memory: the input needs more memory than this machine has (see docs/limits.md)");
    return kExitUnusable;
  }
}
