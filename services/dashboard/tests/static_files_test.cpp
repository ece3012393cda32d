#include "services/dashboard/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace opsdesk::dashboard {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dashboard-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "assets");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& relative, const std::string& bytes) {
    std::ofstream(dir_ / relative, std::ios::binary) << bytes;
  }
  fs::path dir_;
};

TEST_F(StaticFilesTest, LoadsEveryFileByItsUrlPathWithItsType) {
  write("index.html", "<!doctype html>");
  write("assets/index-3f2a.js", "console.log(1)");
  write("assets/index-9c1b.css", "body{}");
  write("favicon.svg", "<svg/>");
  auto files = load_static_files(dir_);
  ASSERT_TRUE(files.has_value()) << files.error();
  ASSERT_EQ(files->size(), 4u);
  EXPECT_EQ(*files->at("/index.html").bytes, "<!doctype html>");
  EXPECT_EQ(files->at("/index.html").content_type, "text/html; charset=utf-8");
  EXPECT_EQ(files->at("/assets/index-3f2a.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(files->at("/assets/index-9c1b.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(files->at("/favicon.svg").content_type, "image/svg+xml");
}

TEST_F(StaticFilesTest, OnlyHashedAssetsMayBeKeptByBrowsers) {
  write("index.html", "<!doctype html>");
  write("assets/index-3f2a.js", "x");
  auto files = load_static_files(dir_).value();
  EXPECT_FALSE(files.at("/index.html").immutable);
  EXPECT_TRUE(files.at("/assets/index-3f2a.js").immutable);
}

TEST_F(StaticFilesTest, ADirectoryWithoutIndexHtmlIsRefusedWithHowToBuildIt) {
  write("assets/index-3f2a.js", "x");
  auto files = load_static_files(dir_);
  ASSERT_FALSE(files.has_value());
  EXPECT_NE(files.error().find("no index.html"), std::string::npos) << files.error();
  EXPECT_NE(files.error().find("make web"), std::string::npos) << files.error();
}

TEST(ContentTypeOf, UnknownExtensionsAreOpaqueBytes) {
  EXPECT_EQ(content_type_of("data.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_of("font.woff2"), "font/woff2");
}

}  // namespace
}  // namespace opsdesk::dashboard
