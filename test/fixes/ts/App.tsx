import React from 'react';
import { ApiProvider } from './api';

export function App() {
  return (
    <ApiProvider url="http://10.0.0.5:8080/api">
      <main>
        <ApiProvider url="http://10.0.0.6:8080/api" />
      </main>
    </ApiProvider>
  );
}
