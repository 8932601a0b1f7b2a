#pragma once
// Hashes skills in the background while the parser keeps walking the folder:
// reading and hashing hundreds of megabytes is most of a large `plan`, and the
// walk is mostly system calls, so the two overlap well on two cores.

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "model/project.hpp"

namespace agentlift::parse {

class SkillHasher {
 public:
  // `threads` workers in total, counting the caller of finish(); 0 = one per core.
  explicit SkillHasher(unsigned threads);
  ~SkillHasher();
  SkillHasher(const SkillHasher&) = delete;
  SkillHasher& operator=(const SkillHasher&) = delete;

  // Queues a skill folder once; later calls for the same folder are ignored.
  void submit(const model::Skill& skill);

  struct Result {
    std::string hash;
    std::string error;  // set when a file could not be read
  };
  // Helps with what is left, waits for the workers and returns one result per
  // folder, in submission order.
  std::vector<std::pair<std::filesystem::path, Result>> finish();

 private:
  void work();
  bool run_one(std::unique_lock<std::mutex>& lock);

  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::size_t> m_queue;
  std::vector<model::Skill> m_jobs;
  std::vector<Result> m_results;
  std::map<std::filesystem::path, std::size_t> m_seen;
  bool m_closing = false;
  std::vector<std::thread> m_workers;
};

}  // namespace agentlift::parse
