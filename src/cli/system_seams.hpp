#pragma once
// The real machine behind the cloud layer's seams: this process's environment,
// the file system, /bin/sh for credential_process, and libcurl for the metadata
// services. The only place the CLI reads `environ` for AWS settings.

#include "cloud/credentials_provider.hpp"

namespace agentlift::cli {

// A copy of this process's environment.
cloud::credentials::Environment process_environment();

// Seams over the real machine, except the two STS calls, which need a Transport
// (aws_access.cpp adds them).
cloud::credentials::Seams system_seams();

}  // namespace agentlift::cli
