// Placeholder until the container path is built (see container_image.hpp).

#include "cli/container_image.hpp"

#include "base/errors.hpp"

namespace agentlift::cli {

ContainerImage build_and_push_image(const ContainerImageRequest&, cloud::AwsSession&,
                                    const plan::Environment&, Io&) {
  throw Error("container artifacts are not available in this build yet",
              "use --artifact code (the default)");
}

}  // namespace agentlift::cli
