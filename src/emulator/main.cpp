// agentcore-local: the emulator lands in the next commit.
int main() { return 0; }
