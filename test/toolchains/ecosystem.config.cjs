// pm2 reads this in the CLI process, so PORT is the harness's ephemeral port at `pm2 start` time.
module.exports = {
  apps: [
    {
      name: process.env.PM2_APP_NAME || 'tc-api',
      script: 'node-server/server.js',
      cwd: __dirname,
      env: { PORT: process.env.PORT },
      autorestart: true,
    },
  ],
};
