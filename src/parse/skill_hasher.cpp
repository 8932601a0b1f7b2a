#include "parse/skill_hasher.hpp"

#include <algorithm>

#include "parse/skills.hpp"

namespace agentlift::parse {

SkillHasher::SkillHasher(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < threads; ++i) m_workers.emplace_back([this] { work(); });
}

SkillHasher::~SkillHasher() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_closing = true;
  }
  m_wake.notify_all();
  for (std::thread& worker : m_workers) {
    if (worker.joinable()) worker.join();
  }
}

void SkillHasher::submit(const model::Skill& skill) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_seen.emplace(skill.source_dir, m_jobs.size()).second) return;
    m_jobs.push_back(skill);
    m_results.emplace_back();
    m_queue.push_back(m_jobs.size() - 1);
  }
  m_wake.notify_one();
}

// Runs one queued job with the lock released while hashing; false if none.
bool SkillHasher::run_one(std::unique_lock<std::mutex>& lock) {
  if (m_queue.empty()) return false;
  const std::size_t index = m_queue.front();
  m_queue.pop_front();
  // m_jobs may grow (and move) while unlocked, so hash a private copy.
  const model::Skill skill = m_jobs[index];
  lock.unlock();
  Result result;
  if (!hash_skill(skill, result.hash, result.error)) result.hash.clear();
  lock.lock();
  m_results[index] = std::move(result);
  return true;
}

void SkillHasher::work() {
  std::unique_lock<std::mutex> lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [this] { return m_closing || !m_queue.empty(); });
    if (!run_one(lock) && m_closing) return;
  }
}

std::vector<std::pair<std::filesystem::path, SkillHasher::Result>> SkillHasher::finish() {
  {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (run_one(lock)) {
    }
    m_closing = true;
  }
  m_wake.notify_all();
  for (std::thread& worker : m_workers) worker.join();
  m_workers.clear();
  std::vector<std::pair<std::filesystem::path, Result>> out;
  out.reserve(m_jobs.size());
  for (std::size_t i = 0; i < m_jobs.size(); ++i) {
    out.emplace_back(m_jobs[i].source_dir, std::move(m_results[i]));
  }
  return out;
}

}  // namespace agentlift::parse
