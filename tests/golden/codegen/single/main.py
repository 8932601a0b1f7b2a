"""Entry point for AgentCore direct code deployment (and for running locally)."""

from agentlift_runtime.agent import app

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080)
