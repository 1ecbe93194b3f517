export interface StackInfo {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  functionsPort: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}
