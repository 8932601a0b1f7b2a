#include "targets/bedrock/skill_upload_plan.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"
#include "base/files.hpp"
#include "base/sha256.hpp"
#include "parse/project_parser.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::bedrock {
namespace {

struct CountingReader {
  int calls = 0;
  FileReader reader() {
    return [this](const std::filesystem::path& path) {
      ++calls;
      const files::ReadResult read = files::read(path, 1u << 20);
      if (read.status != files::ReadResult::Status::ok)
        throw IoError("cannot read " + path.string());
      return read.bytes;
    };
  }
};

HarnessPlan plan_with_skills(const testing::TempFolder& t) {
  t.write("skills/notes/SKILL.md", "# notes\n");
  t.write("skills/notes/ref/a b.md", "detail\n");
  t.write("skills/style/SKILL.md", "# style\n");
  HarnessPlan plan;
  plan.harness_name = "agentlift_api";
  plan.skills.push_back({"notes",
                         std::string(64, '1'),
                         {{"notes/SKILL.md"}, {"notes/ref/a b.md"}},
                         t.path() / "skills" / "notes"});
  plan.skills.push_back(
      {"style", std::string(64, '2'), {{"style/SKILL.md"}}, t.path() / "skills" / "style"});
  return plan;
}

TEST(SkillUpload, KeysAndUrisFollow08Layout) {
  EXPECT_EQ(skill_key_prefix("agentlift_api", "notes"), "agentlift-skills/agentlift_api/notes/");
  EXPECT_EQ(skill_s3_uri("my-bucket", "agentlift_api", "notes"),
            "s3://my-bucket/agentlift-skills/agentlift_api/notes/");
}

TEST(SkillUpload, FirstDeployUploadsEveryFile) {
  testing::TempFolder t;
  const HarnessPlan plan = plan_with_skills(t);
  CountingReader reader;
  const SkillUploadPlan uploads = plan_skill_uploads(plan, "my-bucket", {}, reader.reader());
  EXPECT_EQ(reader.calls, 3);
  ASSERT_EQ(uploads.objects.size(), 3u);
  EXPECT_EQ(uploads.objects[0].key, "agentlift-skills/agentlift_api/notes/SKILL.md");
  EXPECT_EQ(uploads.objects[0].source, t.path() / "skills" / "notes" / "SKILL.md");
  EXPECT_EQ(uploads.objects[0].sha256, sha256_hex("# notes\n"));
  EXPECT_EQ(uploads.objects[1].key, "agentlift-skills/agentlift_api/notes/ref/a b.md");
  EXPECT_EQ(uploads.objects[2].key, "agentlift-skills/agentlift_api/style/SKILL.md");
  EXPECT_EQ(uploads.upload_count(), 3u);
  EXPECT_EQ(uploads.skill_uris,
            (std::map<std::string, std::string>{
                {"notes", "s3://my-bucket/agentlift-skills/agentlift_api/notes/"},
                {"style", "s3://my-bucket/agentlift-skills/agentlift_api/style/"}}));
  EXPECT_TRUE(uploads.stale.empty());
}

TEST(SkillUpload, UnchangedFileIsSkippedAndChangedOneUploaded) {
  testing::TempFolder t;
  const HarnessPlan plan = plan_with_skills(t);
  CountingReader reader;
  SkillUploadPlan first = plan_skill_uploads(plan, "my-bucket", {}, reader.reader());
  for (SkillObject& object : first.objects) object.etag = "\"etag-" + object.key + "\"";
  const std::vector<UploadedSkillObject> recorded = first.records();

  t.write("skills/style/SKILL.md", "# style, revised\n");
  const SkillUploadPlan second = plan_skill_uploads(plan, "my-bucket", recorded, reader.reader());
  ASSERT_EQ(second.objects.size(), 3u);
  EXPECT_FALSE(second.objects[0].upload);
  EXPECT_EQ(second.objects[0].etag, "\"etag-agentlift-skills/agentlift_api/notes/SKILL.md\"");
  EXPECT_FALSE(second.objects[1].upload);
  EXPECT_TRUE(second.objects[2].upload);
  EXPECT_EQ(second.objects[2].etag, "");
  EXPECT_EQ(second.upload_count(), 1u);
  EXPECT_TRUE(second.stale.empty());
}

TEST(SkillUpload, AnotherBucketUploadsEverythingAndTheOldObjectsAreStale) {
  testing::TempFolder t;
  const HarnessPlan plan = plan_with_skills(t);
  CountingReader reader;
  const std::vector<UploadedSkillObject> recorded =
      plan_skill_uploads(plan, "old-bucket", {}, reader.reader()).records();
  const SkillUploadPlan moved = plan_skill_uploads(plan, "new-bucket", recorded, reader.reader());
  EXPECT_EQ(moved.upload_count(), 3u);
  EXPECT_EQ(moved.stale, recorded);
}

TEST(SkillUpload, RemovedFilesAndSkillsAreStale) {
  testing::TempFolder t;
  HarnessPlan plan = plan_with_skills(t);
  CountingReader reader;
  const std::vector<UploadedSkillObject> recorded =
      plan_skill_uploads(plan, "b-1", {}, reader.reader()).records();
  plan.skills.pop_back();
  plan.skills[0].files.pop_back();
  const SkillUploadPlan after = plan_skill_uploads(plan, "b-1", recorded, reader.reader());
  EXPECT_EQ(after.upload_count(), 0u);
  ASSERT_EQ(after.stale.size(), 2u);
  EXPECT_EQ(after.stale[0].key, "agentlift-skills/agentlift_api/notes/ref/a b.md");
  EXPECT_EQ(after.stale[1].key, "agentlift-skills/agentlift_api/style/SKILL.md");

  plan.skills.clear();
  const SkillUploadPlan none = plan_skill_uploads(plan, "", recorded, reader.reader());
  EXPECT_TRUE(none.objects.empty());
  EXPECT_EQ(none.stale.size(), 3u);
}

TEST(SkillUpload, SkillsNeedABucket) {
  testing::TempFolder t;
  const HarnessPlan plan = plan_with_skills(t);
  CountingReader reader;
  try {
    plan_skill_uploads(plan, "", {}, reader.reader());
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("notes, style"), std::string::npos) << error.what();
    EXPECT_NE(error.hint().find("--s3-bucket"), std::string::npos);
    EXPECT_NE(error.hint().find("AGENTLIFT_BEDROCK_S3_BUCKET"), std::string::npos);
  }
  EXPECT_THROW(plan_skill_uploads(plan, "s3://my-bucket/x", {}, reader.reader()), UsageError);
  EXPECT_EQ(reader.calls, 0);
}

TEST(SkillUpload, BucketNames) {
  EXPECT_FALSE(bucket_name_problem("my-bucket.example"));
  EXPECT_FALSE(bucket_name_problem("Legacy_Bucket"));
  EXPECT_TRUE(bucket_name_problem("s3://my-bucket"));
  EXPECT_TRUE(bucket_name_problem("my-bucket/prefix"));
  EXPECT_TRUE(bucket_name_problem("ab"));
  EXPECT_TRUE(bucket_name_problem("has space"));
}

TEST(SkillUpload, RealFolderSkillsMapToKeysOfTheirFiles) {
  const parse::ParseResult parsed =
      parse::parse_project(std::filesystem::path(AGENTLIFT_SOURCE_DIR) /
                           "tests/conformance/cases/single-claude-dir/project");
  const HarnessPlan plan =
      build_harness_plan(parsed.project, parsed.diagnostics, "us-west-2", false);
  CountingReader reader;
  const SkillUploadPlan uploads = plan_skill_uploads(plan, "my-bucket", {}, reader.reader());
  std::size_t files = 0;
  for (const HarnessSkill& skill : plan.skills) files += skill.files.size();
  ASSERT_EQ(uploads.objects.size(), files);
  ASSERT_GT(files, 2u);
  for (const SkillObject& object : uploads.objects) {
    EXPECT_TRUE(object.key.starts_with("agentlift-skills/agentlift_project/" + object.skill + "/"))
        << object.key;
    EXPECT_TRUE(std::filesystem::is_regular_file(object.source)) << object.source;
  }
  EXPECT_EQ(uploads.objects.front().key, "agentlift-skills/agentlift_project/postmortem/SKILL.md");
}

}  // namespace
}  // namespace agentlift::bedrock
