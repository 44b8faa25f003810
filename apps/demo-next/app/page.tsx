import { AskForm } from './ask-form';

export const dynamic = 'force-dynamic';

export default function Home() {
  return (
    <main>
      <h1>obskit demo-next</h1>
      <p>An AI-agent app on Next.js 16; Prometheus scrapes /api/metrics.</p>
      <AskForm />
    </main>
  );
}
