// How long reports take (docs/performance.md, "Reports"). Not a test: run by
// hand, on an otherwise idle machine.
//
//   bench_reports [--batch 1000] [--threads 2] [--runs 50] [--lo-runs 5] [REVIEW.json]
//
// 1. One final report, in this process: PDF and XLSX, made in memory and
//    written to a file (temporary file, fsync, rename), median of --runs.
// 2. The same as users run it: `fidelity report` as a new process.
// 3. A batch of --batch final reports (PDF and XLSX each) on --threads
//    threads, and on one thread for comparison.
// 4. The way reports are made today: the workbook converted by
//    `libreoffice --headless --convert-to pdf` (a new process each time, as
//    a user or script does), median of --lo-runs after one warm-up run.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "core/catalog.hpp"
#include "core/review_file.hpp"
#include "core/text_file.hpp"
#include "reports/basis.hpp"
#include "reports/documents.hpp"
#include "reports/pdf_backend.hpp"
#include "reports/reports.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using fw::reports::ReportOptions;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

template <class F>
double median_ms(int runs, F f) {
    f();  // warm-up: fonts and templates into the page cache
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        f();
        t.push_back(ms_since(t0));
    }
    return median(t);
}

// Runs a program quietly; returns its exit status.
int spawn(const std::vector<std::string>& argv) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

// CPU (user + system) of the children waited for so far, in ms.
double children_cpu_ms() {
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    auto ms = [](const timeval& t) { return double(t.tv_sec) * 1000 + double(t.tv_usec) / 1000; };
    return ms(u.ru_utime) + ms(u.ru_stime);
}

// CPU per run of `argv` as a new process, the mean of `runs` after one warm-up.
double process_cpu_ms(int runs, const std::vector<std::string>& argv) {
    spawn(argv);
    double before = children_cpu_ms();
    for (int i = 0; i < runs; ++i) spawn(argv);
    return (children_cpu_ms() - before) / runs;
}

std::string first_line_of(const char* path, const char* key) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return line.substr(line.find(':') + 2);
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    int batch = 1000, threads = 2, runs = 50, lo_runs = 5;
    std::string review_path = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::stoi(argv[++i]) : 0; };
        if (a == "--batch") batch = next();
        else if (a == "--threads") threads = next();
        else if (a == "--runs") runs = next();
        else if (a == "--lo-runs") lo_runs = next();
        else review_path = a;
    }

    fw::Catalog catalog(fw::Catalog::default_data_dir());
    const fw::Review review = fw::read_review_file(review_path, catalog);
    const fw::Scale& scale = catalog.scale(review.scale_id);
    const fw::Policy& policy = catalog.policy(review.policy_id);
    ReportOptions opt;
    opt.stage = fw::reports::default_stage(review);
    opt.data_dir = catalog.data_dir();

    char tmpl[] = "/tmp/bench-reports-XXXXXX";
    fs::path dir = ::mkdtemp(tmpl);

    std::cout << "Machine: " << first_line_of("/proc/cpuinfo", "model name") << ", "
              << std::thread::hardware_concurrency() << " cores, " << first_line_of("/proc/meminfo", "MemTotal") << "\n";
    std::cout << "Review: " << review_path << " (" << opt.data_dir << ")\n\n";

    // 1. One report in this process.
    std::string pdf_bytes = fw::reports::make_pdf(review, scale, policy, opt);
    std::string xlsx_bytes = fw::reports::make_xlsx(review, scale, policy, opt);
    double pdf_mem = median_ms(runs, [&] { fw::reports::make_pdf(review, scale, policy, opt); });
    double xlsx_mem = median_ms(runs, [&] { fw::reports::make_xlsx(review, scale, policy, opt); });
    std::string pdf_out = (dir / "report.pdf").string(), xlsx_out = (dir / "report.xlsx").string();
    double pdf_file = median_ms(runs, [&] { fw::reports::render_pdf(review, scale, policy, opt, pdf_out); });
    double xlsx_file = median_ms(runs, [&] { fw::reports::render_xlsx(review, scale, policy, opt, xlsx_out); });
    std::printf("One final report, in process (median of %d):\n", runs);
    std::printf("  PDF   %7.2f ms in memory, %7.2f ms to a file (%zu bytes)\n", pdf_mem, pdf_file, pdf_bytes.size());
    std::printf("  XLSX  %7.2f ms in memory, %7.2f ms to a file (%zu bytes)\n", xlsx_mem, xlsx_file, xlsx_bytes.size());
    {
        // Where the PDF's time goes: fonts, layout, PoDoFo writing (subsetting, compression).
        std::vector<double> tf, tl, tw;
        for (int i = 0; i < runs; ++i) {
            fw::reports::Basis b(review, scale, policy, opt);
            auto t0 = Clock::now();
            fw::reports::PdfBackend pdf;
            tf.push_back(ms_since(t0));
            t0 = Clock::now();
            fw::reports::Drawing d = fw::reports::layout_report(b, pdf);
            tl.push_back(ms_since(t0));
            t0 = Clock::now();
            pdf.write(d);
            tw.push_back(ms_since(t0));
        }
        std::printf("  PDF stages: fonts %.2f ms, layout %.2f ms, PoDoFo writing %.2f ms\n", median(tf), median(tl),
                    median(tw));
    }

    // 2. As users run it.
    std::string fidelity = (fs::path(fw::Catalog::default_data_dir()) / ".." / ".." / "bin" / "fidelity").lexically_normal().string();
    double cli_pdf = -1, cli_both = -1;
    if (fs::exists(fidelity)) {
        int cli_runs = std::max(5, runs / 5);
        cli_pdf = median_ms(cli_runs, [&] { spawn({fidelity, "report", review_path, "--pdf", pdf_out}); });
        cli_both = median_ms(cli_runs, [&] {
            spawn({fidelity, "report", review_path, "--pdf", pdf_out, "--xlsx", xlsx_out});
        });
        std::printf("`fidelity report` as a new process (median of %d):\n", cli_runs);
        std::printf("  --pdf         %7.2f ms\n  --pdf --xlsx  %7.2f ms\n", cli_pdf, cli_both);
    }

    // 3. A batch.
    auto run_batch = [&](int nthreads) {
        std::atomic<int> next{0}, failed{0};
        auto t0 = Clock::now();
        std::vector<std::thread> pool;
        for (int t = 0; t < nthreads; ++t)
            pool.emplace_back([&] {
                for (int i = next++; i < batch; i = next++) {
                    try {
                        std::string base = (dir / ("batch-" + std::to_string(i % 50))).string();
                        fw::reports::render_pdf(review, scale, policy, opt, base + ".pdf");
                        fw::reports::render_xlsx(review, scale, policy, opt, base + ".xlsx");
                    } catch (const std::exception& e) {
                        if (failed++ == 0) std::cerr << "batch: " << e.what() << "\n";
                    }
                }
            });
        for (auto& th : pool) th.join();
        if (failed) std::cerr << failed << " reports failed\n";
        return ms_since(t0);
    };
    double batch_many_ms = -1;
    if (batch > 0) {
        double one = run_batch(1), many = run_batch(threads);
        batch_many_ms = many;
        std::printf("Batch of %d final reports (PDF + XLSX each, written to files):\n", batch);
        std::printf("  1 thread   %8.0f ms  (%.1f reports/s)\n", one, batch / one * 1000);
        std::printf("  %d threads  %8.0f ms  (%.1f reports/s, %.2fx)\n", threads, many, batch / many * 1000, one / many);
    }

    // 4. Today's way: the workbook through LibreOffice.
    if (lo_runs > 0) {
        std::string profile = "-env:UserInstallation=file://" + (dir / "lo-profile").string();
        std::vector<std::string> cmd{"libreoffice", profile, "--headless", "--convert-to", "pdf", "--outdir",
                                     (dir / "lo").string(), xlsx_out};
        if (spawn(cmd) != 0) {
            std::printf("LibreOffice: not installed or failed (apt-get install libreoffice-calc-nogui)\n");
        } else {
            double lo = median_ms(lo_runs - 1, [&] { spawn(cmd); });
            std::printf("Workbook -> PDF with `libreoffice --headless --convert-to pdf` (median of %d, warm profile):\n",
                        lo_runs - 1);
            std::printf("  %8.0f ms per report\n", lo);
            std::printf("Ratio, LibreOffice conversion / fidelity report PDF: %.0fx in process", lo / pdf_file);
            if (cli_pdf > 0) std::printf(", %.0fx as a new process each", lo / cli_pdf);
            std::printf("\n");
            // CPU, the goal's measure: `fidelity report --pdf` as a new
            // process against LibreOffice's conversion, in the same run.
            double report_cpu = fs::exists(fidelity)
                                    ? process_cpu_ms(std::max(5, runs / 5), {fidelity, "report", review_path, "--pdf", pdf_out})
                                    : -1;
            double lo_cpu = process_cpu_ms(std::max(1, lo_runs - 1), cmd);
            std::printf("CPU per report (user + system): fidelity report --pdf %.1f ms, LibreOffice %.0f ms: %.0fx\n",
                        report_cpu, lo_cpu, lo_cpu / report_cpu);
            std::printf("\nRESULT report_cpu_ms=%.2f lo_cpu_ms=%.1f ratio=%.1f batch1000_2threads_s=%.2f\n", report_cpu,
                        lo_cpu, lo_cpu / report_cpu,
                        batch > 0 ? batch_many_ms / 1000.0 * 1000.0 / batch : -1.0);
        }
    }
    fs::remove_all(dir);
    return 0;
}
